using Conveyor.Functions.Api;
using Conveyor.Functions.DocumentReview;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;

namespace Conveyor.Functions.Hosting;

/// <summary>
/// Every function template.yaml deploys, each described next to its handler. Adding a function adds its descriptor here
/// (one line); DI, the CLI catalog and the engine follow, and <c>FunctionDescriptorTemplateTests</c> checks the template.
/// </summary>
public static class FunctionDescriptors
{
    public static IReadOnlyList<FunctionDescriptor> All { get; } =
    [
        FileTriggerHandler.Function,
        StreamFanOutHandler.Function,
        TaskWorkerHandler.Function,
        MapItemHandler.Function,
        FinalizeHandler.Function,
        ScheduleTargetHandler.Function,
        ApiHandler.Function,
        DocumentReviewHandler.Function,
    ];

    /// <summary>By name (<c>FileTrigger</c>) or logical id (<c>FileTriggerFunction</c>), ignoring case.</summary>
    public static FunctionDescriptor? Find(string name) =>
        All.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase)
            || string.Equals(f.LogicalId, name, StringComparison.OrdinalIgnoreCase));

    public static IEnumerable<FunctionDescriptor> Triggered(FunctionTrigger trigger) => All.Where(f => f.Trigger == trigger);
}
