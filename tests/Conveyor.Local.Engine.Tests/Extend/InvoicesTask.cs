using System.Text.Json;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Services;

namespace Conveyor.Local.Engine.Tests.Extend;

/// <summary>README "Extend Conveyor", step 1: a file task — every file created in its bucket starts an <c>invoice</c> task.</summary>
internal sealed class InvoicesTask : IFileTask
{
    public string Name => "Invoices";

    public FileTaskSetup Setup(FileTaskContext context) => new(
        [new BucketDefinition(null, BucketMode.Read, OnEventAsync)],
        [FileTaskSideEffect.StartsTasks(InvoiceProcessor.Type)]);

    private static ValueTask<IReadOnlyList<FileTaskAction>> OnEventAsync(BucketEvent evt, FileTaskContext context, CancellationToken cancellationToken)
    {
        if (!evt.IsCreated)
        {
            return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([]);
        }

        using var input = JsonDocument.Parse(JsonSerializer.Serialize(evt.Key, EngineTestJsonContext.Default.String) is var key ? $$"""{"key":{{key}}}""" : "{}");
        var request = new CreateTaskRequest("default", InvoiceProcessor.Type, input.RootElement.Clone(), IdempotencyKey: IdempotencyKeys.ForBucketEvent(evt, InvoiceProcessor.Type));
        return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([new StartTask(request)]);
    }
}
