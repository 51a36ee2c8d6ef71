namespace Local.Commands.Invoke;

/// <summary>
/// One function of template.yaml: <see cref="Name"/> is its folder under <c>functions/</c> and its Handler (the
/// executable's name); <see cref="Suffix"/> ends its deployed name <c>conveyor-&lt;stage&gt;-&lt;suffix&gt;</c>.
/// </summary>
internal sealed record FunctionDefinition(string Name, string Suffix, TimeSpan Timeout, int MemoryMb = 512)
{
    /// <summary>The resource name in template.yaml, also the key of its section in an env-vars file.</summary>
    public string LogicalId => Name + "Function";

    public string DeployedName(string stage) => $"conveyor-{stage}-{Suffix}";
}
