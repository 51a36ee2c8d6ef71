using Conveyor.Functions.Hosting;

namespace Local.Commands.Invoke;

/// <summary>The functions template.yaml deploys, with the settings a local invoke needs: one per <see cref="FunctionDescriptors.All"/>.</summary>
internal static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> All { get; } =
        FunctionDescriptors.All.Select(f => new FunctionDefinition(f.Name, f.Suffix, f.Timeout)).ToArray();

    /// <summary>By name (<c>FileTrigger</c>) or logical id (<c>FileTriggerFunction</c>), ignoring case.</summary>
    public static FunctionDefinition? Find(string name) =>
        FunctionDescriptors.Find(name) is { } found ? All.First(f => f.Name == found.Name) : null;
}
