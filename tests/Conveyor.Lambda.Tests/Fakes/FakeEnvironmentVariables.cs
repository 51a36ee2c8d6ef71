using Conveyor.Lambda.Bootstrap;

namespace Conveyor.Lambda.Tests.Fakes;

public sealed class FakeEnvironmentVariables : IEnvironmentVariables
{
    private readonly Dictionary<string, string?> _values = new(StringComparer.Ordinal);

    public FakeEnvironmentVariables(IDictionary<string, string?>? initial = null)
    {
        foreach (var (key, value) in initial ?? new Dictionary<string, string?>())
        {
            _values[key] = value;
        }
    }

    public List<(string Name, string? Value)> Writes { get; } = [];

    public string? Get(string name) => _values.GetValueOrDefault(name);

    public void Set(string name, string? value)
    {
        Writes.Add((name, value));
        _values[name] = value;
    }
}
