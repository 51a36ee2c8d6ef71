using System.Text;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Functions.Api;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.StateMachine;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Functions.Tests.Pipeline;

/// <summary>The handlers chained as the engines chain them: file/API → store → fan-out → worker or workflow → finalize.</summary>
public sealed class InProcessPipelineTests
{
    [Fact]
    public async Task CsvUpload_WhenOneRowIsBad_ShouldRunEveryRowAndFinishTheImport()
    {
        using var harness = new FunctionsHarness();
        using (var csv = new MemoryStream(Encoding.UTF8.GetBytes("email,name\na@example.com,Ann\n,NoMail\nc@example.com,Cy\n")))
        {
            await harness.Objects.PutAsync(FunctionsHarness.CsvImportBucket, "imports/customers.csv", csv, "text/csv", CancellationToken.None);
        }

        await harness.Get<FileTriggerHandler>().HandleAsync(
            RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event), FunctionsHarness.Context(), CancellationToken.None);
        var parent = Assert.Single((await harness.Tasks.ListAsync(new("default", TaskKind.StepFunction), CancellationToken.None)).Items);
        await harness.Get<StreamFanOutHandler>().HandleAsync(
            new DynamoDbStreamEvent { Records = [harness.InsertRecord(parent)] }, FunctionsHarness.Context(), CancellationToken.None);
        var start = Assert.Single(harness.Workflows.Started).Value;
        await RunWorkflowAsync(harness, start.Input);

        var finished = await harness.GetTaskAsync(parent.Key);
        Assert.Equal(TrackedTaskStatus.Finished, finished.Status);
        Assert.Equal(2, finished.Attributes!.SubTaskSucceedCount);
        Assert.Equal(1, finished.Attributes.SubTaskFailedCount);
        await harness.RelayModificationsAsync();
        var alarm = Assert.Single(harness.Notifier.ForAction(NotificationActions.StepFunctionAlarm));
        Assert.Equal(parent.Key, alarm.Key);
    }

    [Fact]
    public async Task ApiCreatedTask_WhenDispatchedAndWorked_ShouldBeReadableAsCompletedWithItsResult()
    {
        using var harness = new FunctionsHarness();
        var api = harness.Get<ApiHandler>();
        var created = await api.HandleAsync(
            RecordedEvents.Read("api-create-task.json", HttpApiJsonContext.Default.HttpApiRequest), FunctionsHarness.Context(), CancellationToken.None);
        var key = TaskKey.ParseId(JsonDocument.Parse(created.Body!).RootElement.GetProperty("id").GetString()!);

        await harness.Get<StreamFanOutHandler>().HandleAsync(
            new DynamoDbStreamEvent { Records = [harness.InsertRecord(await harness.GetTaskAsync(key))] }, FunctionsHarness.Context(), CancellationToken.None);
        await harness.DrainQueueAsync();
        var read = await api.HandleAsync(
            new HttpApiRequest
            {
                RawPath = "/tasks/" + Uri.EscapeDataString(key.Id),
                RequestContext = new HttpApiRequestContext { RequestId = "r2", Http = new HttpApiHttpDescription { Method = "GET" } },
            },
            FunctionsHarness.Context(),
            CancellationToken.None);

        using var body = JsonDocument.Parse(read.Body!);
        Assert.Equal("COMPLETED", body.RootElement.GetProperty("status").GetString());
        Assert.Equal("hello", body.RootElement.GetProperty("result").GetProperty("message").GetString());
        await harness.RelayModificationsAsync();
        var statuses = harness.Notifier.ForKey(key).Select(n => n.Content.GetProperty("status").GetString());
        Assert.Equal(["QUEUED", "PROCESSING", "COMPLETED"], statuses);
    }

    /// <summary>What the state machine does on the happy path: one MapItem per manifest item, then Finalize.</summary>
    private static async Task RunWorkflowAsync(FunctionsHarness harness, JsonElement input)
    {
        var manifest = input.GetProperty("manifest");
        await using var stored = await harness.Objects.GetAsync(manifest.GetProperty("bucket").GetString()!, manifest.GetProperty("key").GetString()!, CancellationToken.None);
        using var items = await JsonDocument.ParseAsync(stored!.Content);
        var parent = new TaskKeyPayload(input.GetProperty("parent").GetProperty("pk").GetString()!, input.GetProperty("parent").GetProperty("sk").GetString()!);
        var mapItem = harness.Get<MapItemHandler>();
        foreach (var item in items.RootElement.EnumerateArray())
        {
            var request = new MapItemPayload { Parent = parent, Index = item.GetProperty("index").GetInt32() };
            var response = await mapItem.HandleAsync(request, FunctionsHarness.Context(), CancellationToken.None);
            Assert.Contains(response.Status, new[] { "COMPLETED", "FAILED" });
        }

        await harness.Get<FinalizeHandler>().HandleAsync(new FinalizePayload { Parent = parent }, FunctionsHarness.Context(), CancellationToken.None);
    }
}
