using System.Text;
using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Commands;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Core.Tasks;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.FileTrigger;

public sealed class FileTriggerHandlerTests
{
    private const string CsvKey = "imports/customers.csv";

    [Fact]
    public async Task InvokeAsync_WhenProfilePictureIsPut_ShouldPublishChangeProfilePictureForTheCustomer()
    {
        using var harness = new FunctionsHarness();

        var responseBytes = await FunctionsHarness.InvokeAsync(harness.Get<FileTriggerHandler>(), "s3-put-profile-picture.json");

        using var response = JsonDocument.Parse(responseBytes);
        Assert.Equal(1, response.RootElement.GetProperty("processed").GetInt32());
        Assert.Equal(0, response.RootElement.GetProperty("failed").GetInt32());
        var message = Assert.Single(harness.Commands.Published("customer"));
        Assert.Equal("123", message.Id);
        Assert.Equal("ChangeProfilePicture", message.Command.GetProperty("type").GetString());
        Assert.Equal("123.jpg", message.Command.GetProperty("picture").GetString());
        Assert.Equal("conveyor", message.Meta.Service);
    }

    [Fact]
    public async Task HandleAsync_WhenProfilePictureIsDeleted_ShouldPublishANullPicture()
    {
        using var harness = new FunctionsHarness();
        var evt = RecordedEvents.Read("s3-delete-profile-picture.json", S3EventJsonContext.Default.S3Event);

        await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        var message = Assert.Single(harness.Commands.Published("customer"));
        Assert.Equal("123", message.Id);
        Assert.Equal(JsonValueKind.Null, message.Command.GetProperty("picture").ValueKind);
    }

    [Fact]
    public async Task HandleAsync_WhenTheSameEventIsRedelivered_ShouldSendCommandsWithTheSameMessageId()
    {
        using var harness = new FunctionsHarness();
        var evt = RecordedEvents.Read("s3-put-profile-picture.json", S3EventJsonContext.Default.S3Event);
        var handler = harness.Get<FileTriggerHandler>();

        await handler.HandleAsync(evt, FunctionsHarness.Context("first"), CancellationToken.None);
        await handler.HandleAsync(evt, FunctionsHarness.Context("second"), CancellationToken.None);

        var messages = harness.Commands.Published("customer");
        Assert.Equal(2, messages.Count);
        Assert.Equal(messages[0].Meta.MsgId, messages[1].Meta.MsgId);
        Assert.Equal(messages[0].Meta.CorrelationId, messages[1].Meta.CorrelationId);
    }

    [Fact]
    public async Task HandleAsync_WhenKeyHasSpacesAndUnicode_ShouldScheduleProcessingOfTheDecodedKey()
    {
        using var harness = new FunctionsHarness();
        var evt = RecordedEvents.Read("s3-put-document-key-with-spaces-and-unicode.json", S3EventJsonContext.Default.S3Event);

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(1, response.Processed);
        var schedule = Assert.Single(harness.Schedules.Schedules);
        Assert.Equal(ScheduleNames.FromText("process-document-contracts/2026 report été.pdf"), schedule.Name);
        Assert.Equal("at(2026-11-23T12:05:00)", schedule.Rate.ToExpression());
        var payload = Assert.IsType<TaskSchedulePayload>(SchedulePayload.Parse(schedule.Payload));
        Assert.Equal(AppTaskTypes.ProcessDocument, payload.TaskType);
        Assert.Equal("contracts/2026 report été.pdf", payload.Input.GetProperty("key").GetString());
        Assert.Equal(FunctionsHarness.DocumentsBucket, payload.Input.GetProperty("bucket").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenOneKeyIsMalformed_ShouldReportItAndProcessTheOtherRecords()
    {
        using var harness = new FunctionsHarness();
        var malformed = RecordedEvents.Read("s3-put-malformed-key.json", S3EventJsonContext.Default.S3Event);
        var picture = RecordedEvents.Read("s3-put-profile-picture.json", S3EventJsonContext.Default.S3Event);
        var evt = new S3Event { Records = [.. malformed.Records, .. picture.Records] };

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(2, response.Records);
        Assert.Equal(1, response.Processed);
        var failure = Assert.Single(response.Failures);
        Assert.Equal("bad%E0%A4key.pdf", failure.Key);
        Assert.Contains("do not form valid UTF-8", failure.Reason, StringComparison.Ordinal);
        Assert.False(failure.Transient);
        Assert.Single(harness.Commands.Published("customer"));
        Assert.Empty(harness.Schedules.Schedules);
    }

    [Fact]
    public async Task HandleAsync_WhenS3EventComesThroughEventBridge_ShouldRunTheFileTaskForItsObject()
    {
        using var harness = new FunctionsHarness();

        var response = JsonDocument.Parse((await FunctionsHarness.InvokeAsync(harness.Get<FileTriggerHandler>(), "eventbridge-s3-object-created-profile-picture.json")).ToArray()).RootElement;

        Assert.Equal(1, response.GetProperty("processed").GetInt32());
        var command = Assert.Single(harness.Commands.Published("customer"));
        Assert.Equal("456", command.Id);
    }

    [Fact]
    public async Task HandleAsync_WhenTheEventHasNoRecordsAndIsNotFromEventBridge_ShouldRejectItNamingTheShapes()
    {
        using var harness = new FunctionsHarness();

        var error = await Assert.ThrowsAsync<Lambda.ExceptionHandling.InvalidEventException>(() =>
            harness.Get<FileTriggerHandler>().HandleAsync(new S3Event(), FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains("no S3 records", error.Message, StringComparison.Ordinal);
        Assert.Contains("EventBridge", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Records":null}""", "Records")]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":null,"object":{"key":"a.csv"}}}""", "detail.bucket")]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created","detail":{"bucket":{"name":"b"},"object":null}}""", "detail.object")]
    public async Task InvokeAsync_WhenPartsOfTheEventAreJsonNull_ShouldRejectItClearlyInsteadOfCrashing(string json, string named)
    {
        // Found by R4 through conveyor invoke: {"Records":null} was a NullReferenceException.
        using var harness = new FunctionsHarness();

        var error = await Assert.ThrowsAsync<Lambda.ExceptionHandling.InvalidEventException>(() =>
            ((Lambda.Hosting.ILambdaFunctionHandler)harness.Get<FileTriggerHandler>()).InvokeAsync(System.Text.Encoding.UTF8.GetBytes(json), FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenTestEvent_ShouldSkipIt()
    {
        using var harness = new FunctionsHarness();
        var evt = RecordedEvents.Read("s3-test-event.json", S3EventJsonContext.Default.S3Event);

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        Assert.True(response.TestEvent);
        Assert.Equal(0, response.Records);
        Assert.Empty(harness.Commands.All);
        Assert.Empty(harness.Schedules.Schedules);
    }

    [Fact]
    public async Task HandleAsync_WhenCsvIsUploaded_ShouldStartOneStepFunctionTaskWithOneItemPerRow()
    {
        using var harness = new FunctionsHarness();
        await PutCsvAsync(harness, "email,name\r\na@example.com,Ann\r\n\"b@example.com\",\"Smith, Bob\"\r\nc@example.com,\"Say \"\"hi\"\"\"\r\n");
        var evt = RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event);

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(1, response.Processed);
        var task = Assert.Single(await ListStepFunctionTasksAsync(harness));
        Assert.Equal(AppTaskTypes.CsvImport, task.Type);
        Assert.Equal("default", task.Tenant);
        Assert.Equal(TrackedTaskStatus.Created, task.Status);
        var rows = task.Input.EnumerateArray().ToArray();
        Assert.Equal(3, rows.Length);
        Assert.Equal("Smith, Bob", rows[1].GetProperty("name").GetString());
        Assert.Equal("Say \"hi\"", rows[2].GetProperty("name").GetString());
        Assert.Equal("a@example.com", rows[0].GetProperty("email").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenTheSameObjectEventArrivesTwiceAndOutOfOrder_ShouldCreateOneTask()
    {
        using var harness = new FunctionsHarness();
        await PutCsvAsync(harness, "email\na@example.com\n");
        await PutCsvAsync(harness, "email\nz@example.com\n", "imports/other.csv");
        var upload = RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event).Records[0];
        var other = upload with { S3 = upload.S3 with { Object = upload.S3.Object with { Key = "imports/other.csv", Sequencer = "0A1B2C3D4E5F678999" } } };
        var handler = harness.Get<FileTriggerHandler>();

        await handler.HandleAsync(new S3Event { Records = [upload, other] }, FunctionsHarness.Context("a"), CancellationToken.None);
        await handler.HandleAsync(new S3Event { Records = [other, upload] }, FunctionsHarness.Context("b"), CancellationToken.None);
        await handler.HandleAsync(new S3Event { Records = [upload] }, FunctionsHarness.Context("c"), CancellationToken.None);

        var tasks = await ListStepFunctionTasksAsync(harness);
        Assert.Equal(2, tasks.Count);
        Assert.Single(tasks, t => t.Input[0].GetProperty("email").GetString() == "a@example.com");
    }

    [Fact]
    public async Task HandleAsync_WhenCsvHasOnlyAHeader_ShouldStartNoImportAndRecordTheFileAsAFailedTask()
    {
        using var harness = new FunctionsHarness();
        await PutCsvAsync(harness, "email,name\n");
        var evt = RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event);

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(0, response.Processed);
        Assert.False(Assert.Single(response.Failures).Transient);
        Assert.Empty(await ListStepFunctionTasksAsync(harness));
        var rejected = Assert.Single(await ListSingleTasksAsync(harness));
        Assert.Equal(TrackedTaskStatus.Failed, rejected.Status);
        Assert.Contains("no data rows", rejected.Error!.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task HandleAsync_WhenCsvIsMalformed_ShouldReportThePermanentFailure()
    {
        using var harness = new FunctionsHarness();
        await PutCsvAsync(harness, "email\n\"a@example.com\n");
        var evt = RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event);

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(evt, FunctionsHarness.Context(), CancellationToken.None);

        var failure = Assert.Single(response.Failures);
        Assert.False(failure.Transient);
        Assert.Contains("CSV line 2", failure.Reason, StringComparison.Ordinal);
        var rejected = Assert.Single(await ListSingleTasksAsync(harness));
        Assert.Equal((FileTriggerHandler.RejectedFileTaskType, TrackedTaskStatus.Failed, "default"), (rejected.Type, rejected.Status, rejected.Tenant));
        Assert.Equal($"{FunctionsHarness.CsvImportBucket}/{CsvKey}", rejected.Name);
        Assert.Equal("CsvFormatException", rejected.Error!.Type);
        Assert.Contains("CSV line 2", rejected.Error.Message, StringComparison.Ordinal);
        Assert.Equal(CsvKey, rejected.Input.GetProperty("key").GetString());
    }

    [Fact]
    public async Task HandleAsync_WhenARejectedFileEventIsRedelivered_ShouldRecordItOnce()
    {
        using var harness = new FunctionsHarness();
        await PutCsvAsync(harness, "email\n\"a@example.com\n");
        var evt = RecordedEvents.Read("s3-put-csv-import.json", S3EventJsonContext.Default.S3Event);
        var handler = harness.Get<FileTriggerHandler>();

        await handler.HandleAsync(evt, FunctionsHarness.Context("a"), CancellationToken.None);
        await handler.HandleAsync(evt, FunctionsHarness.Context("b"), CancellationToken.None);

        Assert.Single(await ListSingleTasksAsync(harness));
    }

    [Fact]
    public async Task HandleAsync_WhenNoFileTaskWatchesTheBucket_ShouldReportTheRecord()
    {
        using var harness = new FunctionsHarness();
        var record = RecordedEvents.Read("s3-put-profile-picture.json", S3EventJsonContext.Default.S3Event).Records[0];
        var stranger = record with { S3 = record.S3 with { Bucket = new S3BucketEntity { Name = "someone-elses-bucket" } } };

        var response = await harness.Get<FileTriggerHandler>().HandleAsync(new S3Event { Records = [stranger] }, FunctionsHarness.Context(), CancellationToken.None);

        var failure = Assert.Single(response.Failures);
        Assert.Contains("someone-elses-bucket", failure.Reason, StringComparison.Ordinal);
        Assert.Empty(harness.Commands.All);
    }

    [Fact]
    public async Task HandleAsync_WhenAnActionFailsTransiently_ShouldFailTheInvocationAfterTryingEveryRecord()
    {
        using var harness = new FunctionsHarness(services => services.AddSingleton<ICommandPublisher>(new UnavailablePublisher()));
        var picture = RecordedEvents.Read("s3-put-profile-picture.json", S3EventJsonContext.Default.S3Event);
        var document = RecordedEvents.Read("s3-put-document-key-with-spaces-and-unicode.json", S3EventJsonContext.Default.S3Event);

        var error = await Assert.ThrowsAsync<FileEventRetryException>(() =>
            harness.Get<FileTriggerHandler>().HandleAsync(new S3Event { Records = [.. picture.Records, .. document.Records] }, FunctionsHarness.Context(), CancellationToken.None));

        Assert.Single(error.Failures);
        Assert.True(error.Failures[0].Transient);
        Assert.Single(harness.Schedules.Schedules);
    }

    private static async Task PutCsvAsync(FunctionsHarness harness, string content, string key = CsvKey)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(content));
        await harness.Objects.PutAsync(FunctionsHarness.CsvImportBucket, key, stream, "text/csv", CancellationToken.None);
    }

    private static async Task<IReadOnlyList<TrackedTask>> ListSingleTasksAsync(FunctionsHarness harness) =>
        (await harness.Tasks.ListAsync(new Core.Services.TaskListRequest("default", TaskKind.Task), CancellationToken.None)).Items;

    private static async Task<IReadOnlyList<TrackedTask>> ListStepFunctionTasksAsync(FunctionsHarness harness) =>
        (await harness.Tasks.ListAsync(new Core.Services.TaskListRequest("default", TaskKind.StepFunction), CancellationToken.None)).Items;

    private sealed class UnavailablePublisher : ICommandPublisher
    {
        public Task PublishAsync(string aggregate, IReadOnlyList<CommandMessage> commands, CancellationToken cancellationToken) =>
            throw new IOException("The command queue is unavailable.");
    }
}
