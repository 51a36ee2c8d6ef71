namespace Conveyor.Durable;

/// <summary>The application's durable workflows, by workflow name and by function name (each ignoring case).</summary>
public sealed class DurableWorkflowCatalog
{
    private readonly Dictionary<string, DurableWorkflowRegistration> _byName = new(StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<string, DurableWorkflowRegistration> _byFunction = new(StringComparer.OrdinalIgnoreCase);

    /// <exception cref="ArgumentException">Two registrations share a workflow or function name.</exception>
    public DurableWorkflowCatalog(IEnumerable<DurableWorkflowRegistration> registrations)
    {
        ArgumentNullException.ThrowIfNull(registrations);
        foreach (var registration in registrations)
        {
            if (!_byName.TryAdd(registration.Name, registration) || !_byFunction.TryAdd(registration.FunctionName, registration))
            {
                throw new ArgumentException($"Two durable workflows are registered as '{registration.Name}' or function '{registration.FunctionName}'.", nameof(registrations));
            }
        }
    }

    public IReadOnlyCollection<DurableWorkflowRegistration> All => _byName.Values;

    public DurableWorkflowRegistration? Find(string workflow) => _byName.GetValueOrDefault(workflow);

    public DurableWorkflowRegistration? FindByFunction(string functionName) => _byFunction.GetValueOrDefault(functionName);

    /// <summary>The workflow names, sorted, for error messages.</summary>
    public string Names => _byName.Count == 0 ? "(none)" : string.Join(", ", _byName.Keys.Order(StringComparer.Ordinal));
}
