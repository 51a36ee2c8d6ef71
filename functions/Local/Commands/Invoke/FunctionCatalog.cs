namespace Conveyor.Local.Cli.Commands.Invoke;

/// <summary>The functions template.yaml deploys, with the settings a local invoke needs (mirrors the template).</summary>
internal static class FunctionCatalog
{
    public static IReadOnlyList<FunctionDefinition> All { get; } =
    [
        new("FileTrigger", "file-trigger", TimeSpan.FromSeconds(30)),
        new("StreamFanOut", "stream-fan-out", TimeSpan.FromSeconds(120)),
        new("TaskWorker", "task-worker", TimeSpan.FromSeconds(150)),
        new("MapItem", "map-item", TimeSpan.FromSeconds(300)),
        new("Finalize", "finalize", TimeSpan.FromSeconds(300)),
        new("ScheduleTarget", "schedule-target", TimeSpan.FromSeconds(30)),
        new("Api", "api", TimeSpan.FromSeconds(30)),
    ];

    /// <summary>By name (<c>FileTrigger</c>) or logical id (<c>FileTriggerFunction</c>), ignoring case.</summary>
    public static FunctionDefinition? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(f.LogicalId, name, StringComparison.OrdinalIgnoreCase));
}
