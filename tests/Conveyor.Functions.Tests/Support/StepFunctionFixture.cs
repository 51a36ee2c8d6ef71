using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.StateMachine;

namespace Conveyor.Functions.Tests.Support;

/// <summary>Step-function tasks as the workflow sees them: a STARTED parent with its subtasks created.</summary>
internal static class StepFunctionFixture
{
    /// <summary>The parent key the recorded map-item and finalize events name.</summary>
    public static readonly TaskKey RecordedParent = new("SFN_TASK#acme", "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");

    /// <summary>Stores a STARTED parent (with <paramref name="key"/>, or a new one) whose input is <paramref name="inputJson"/>, and its subtasks.</summary>
    public static async Task<TaskKey> StartedParentAsync(FunctionsHarness harness, string inputJson, string type = "csv-import", TaskKey? key = null)
    {
        using var input = JsonDocument.Parse(inputJson);
        var now = harness.Clock.GetUtcNow();
        var parentKey = key ?? TaskKeys.NewTask("acme", type, Core.Ids.Ulid.NewUlid(now), stepFunction: true);
        await harness.Store.CreateAsync(
            new TrackedTask
            {
                Key = parentKey,
                Tenant = "acme",
                Type = type,
                Name = type,
                Status = TrackedTaskStatus.Created,
                Input = input.RootElement.Clone(),
                Version = 1,
                CreatedAt = now,
                UpdatedAt = now,
            },
            null,
            CancellationToken.None);
        await harness.Tasks.CreateSubTasksAsync(parentKey, CancellationToken.None);
        await harness.Tasks.UpdateStatusAsync(parentKey, TrackedTaskStatus.Started, null, CancellationToken.None);
        return parentKey;
    }

    public static MapItemPayload Item(TaskKey parent, int index, StepFunctionsError? failure = null) =>
        new() { Parent = new TaskKeyPayload(parent.Pk, parent.Sk), Index = index, Failure = failure };

    /// <summary>An ItemBatcher batch as the Map passes it: <c>{"Items":[{"index"}…],"BatchInput":{"parent"}}</c>.</summary>
    public static MapItemPayload Batch(TaskKey parent, IEnumerable<int> indexes, StepFunctionsError? failure = null) =>
        new()
        {
            Items = indexes.Select(i => new MapItemBatchItem(i)).ToArray(),
            BatchInput = new MapItemBatchInput { Parent = new TaskKeyPayload(parent.Pk, parent.Sk) },
            Failure = failure,
        };

    public static FinalizePayload FinalizeRequest(TaskKey parent, StepFunctionsError? error = null) =>
        new() { Parent = new TaskKeyPayload(parent.Pk, parent.Sk), Error = error };
}
