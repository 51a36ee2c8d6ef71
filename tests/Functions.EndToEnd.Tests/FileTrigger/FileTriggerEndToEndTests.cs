using System.Text.Json;
using Amazon.S3.Model;
using Conveyor.App.Files;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.FileTrigger;

public sealed class FileTriggerEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    private RunningFunction Function => Fixture.Function("FileTrigger");

    [Fact]
    public async Task Invoke_WhenProfilePicturePut_ShouldPublishChangeProfilePictureCommandForTheCustomer()
    {
        var result = await Function.InvokeFileAsync("s3-put-profile-picture.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Equal(1, result.Body.GetProperty("processed").GetInt32());
        var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
        using var command = JsonDocument.Parse(message.Body);
        Assert.Equal("123", command.RootElement.GetProperty("id").GetString());
        Assert.Equal("ChangeProfilePicture", command.RootElement.GetProperty("command").GetProperty("type").GetString());
        Assert.Equal("123.jpg", command.RootElement.GetProperty("command").GetProperty("picture").GetString());
    }

    [Fact]
    public async Task Invoke_WhenS3EventArrivesThroughEventBridge_ShouldHandleItLikeTheNotification()
    {
        var result = await Function.InvokeFileAsync("eventbridge-s3-object-created-profile-picture.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.Equal(1, result.Body.GetProperty("records").GetInt32());
        Assert.Equal(1, result.Body.GetProperty("processed").GetInt32());
        var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
        using var command = JsonDocument.Parse(message.Body);
        Assert.Equal("456", command.RootElement.GetProperty("id").GetString());
        Assert.Equal("456.jpg", command.RootElement.GetProperty("command").GetProperty("picture").GetString());
    }

    [Fact]
    public async Task Invoke_WhenEventBridgeSendsAnotherS3EventType_ShouldFailNamingIt()
    {
        var result = await Function.InvokeFileAsync("eventbridge-s3-object-restore-completed.json");

        Assert.True(result.IsError, result.Outcome.Body);
        Assert.Equal("InvalidEventException", result.Body.GetProperty("errorType").GetString());
        Assert.Contains("Object Restore Completed", result.Body.GetProperty("errorMessage").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invoke_WhenProfilePictureDeleted_ShouldPublishChangeProfilePictureWithoutPicture()
    {
        var result = await Function.InvokeFileAsync("s3-delete-profile-picture.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var message = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
        using var command = JsonDocument.Parse(message.Body);
        Assert.Equal(JsonValueKind.Null, command.RootElement.GetProperty("command").GetProperty("picture").ValueKind);
    }

    [Fact]
    public async Task Invoke_WhenDocumentWithSpacesAndUnicodePut_ShouldCreateOneTimeScheduleForTheDecodedKey()
    {
        const string key = "contracts/2026 report été.pdf";

        var result = await Function.InvokeFileAsync("s3-put-document-key-with-spaces-and-unicode.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var schedule = await Stack.Scheduler.GetScheduleAsync(DocumentsTask.ScheduleNameOf(key), ConveyorStack.ScheduleGroup, CancellationToken.None);
        Assert.StartsWith("at(", schedule.ScheduleExpression, StringComparison.Ordinal);
        Assert.Equal("DELETE", schedule.ActionAfterCompletion);
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-schedule-target", schedule.Target.Arn);
        using var payload = JsonDocument.Parse(schedule.Target.Input!);
        Assert.Contains(key, payload.RootElement.GetRawText().Replace("\\u00E9", "é", StringComparison.Ordinal), StringComparison.Ordinal);

        // The upload also starts its review: a document-review task, STARTED, on a durable execution invoked by name.
        await AssertOneStartedReviewAsync();
    }

    [Fact]
    public async Task Invoke_WhenADocumentUploadIsDeliveredTwice_ShouldKeepOneReviewTaskOnOneExecution()
    {
        var first = await Function.InvokeFileAsync("s3-put-document-key-with-spaces-and-unicode.json");
        var again = await Function.InvokeFileAsync("s3-put-document-key-with-spaces-and-unicode.json");

        Assert.False(first.IsError, first.Outcome.Body);
        Assert.False(again.IsError, again.Outcome.Body);
        Assert.Equal(1, again.Body.GetProperty("processed").GetInt32());
        await AssertOneStartedReviewAsync();
    }

    [Fact]
    public async Task Invoke_WhenADocumentIsRemovedAfterItsUpload_ShouldDeleteItsOneTimeSchedule()
    {
        const string key = "contracts/2026 report été.pdf";
        var put = await Function.InvokeFileAsync("s3-put-document-key-with-spaces-and-unicode.json");
        Assert.False(put.IsError, put.Outcome.Body);
        _ = await Stack.Scheduler.GetScheduleAsync(DocumentsTask.ScheduleNameOf(key), ConveyorStack.ScheduleGroup, CancellationToken.None);

        var removed = await Function.InvokeFileAsync("s3-delete-document-key-with-spaces-and-unicode.json");
        var again = await Function.InvokeFileAsync("s3-delete-document-key-with-spaces-and-unicode.json");

        Assert.False(removed.IsError, removed.Outcome.Body);
        Assert.Equal(1, removed.Body.GetProperty("processed").GetInt32());
        Assert.False(again.IsError, again.Outcome.Body);
        await Assert.ThrowsAsync<Conveyor.Aws.Http.AwsResourceNotFoundException>(() =>
            Stack.Scheduler.GetScheduleAsync(DocumentsTask.ScheduleNameOf(key), ConveyorStack.ScheduleGroup, CancellationToken.None));
    }

    [Fact]
    public async Task Invoke_WhenCsvImportPut_ShouldCreateStepFunctionTaskWithOneInputPerRow()
    {
        await Stack.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = ConveyorStack.CsvImportBucket,
            Key = "imports/customers.csv",
            ContentBody = "email,name\na@example.com,Ann\nb@example.com,Bob\n",
        });

        var result = await Function.InvokeFileAsync("s3-put-csv-import.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var row = Assert.Single(await Tasks.PartitionAsync("SFN_TASK#default"));
        Assert.Equal("csv-import", row["type"].S);
        Assert.Equal("CREATED", row["status"].S);
        using var input = JsonDocument.Parse(row["input"].S);
        Assert.Equal(["a@example.com", "b@example.com"], input.RootElement.EnumerateArray().Select(r => r.GetProperty("email").GetString()));
    }

    [Fact]
    public async Task Invoke_WhenACsvImportsRowsPastTheItemSizeLimit_ShouldKeepTheInputInTheArtifactsBucketAndFanItOut()
    {
        // 200 rows of about 2 KB: the task's input (every row) is about 0.4 MB, past the 350 KB threshold under DynamoDB's
        // 400 KB item limit.
        var csv = new System.Text.StringBuilder("email,name\n");
        var padding = new string('n', 2000);
        for (var i = 0; i < 200; i++)
        {
            csv.Append("customer").Append(i).Append("@example.com,Customer ").Append(padding).Append(i).Append('\n');
        }

        await Stack.S3.PutObjectAsync(new PutObjectRequest { BucketName = ConveyorStack.CsvImportBucket, Key = "imports/customers.csv", ContentBody = csv.ToString() });
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var stream = new StreamEventSource(Fixture.Moto, http, (await Stack.DynamoDb.DescribeTableAsync(ConveyorStack.TasksTable)).Table.LatestStreamArn);
        await stream.NextBatchAsync(); // Only this test's records from here on.

        var result = await Function.InvokeFileAsync("s3-put-csv-import.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var row = Assert.Single(await Tasks.PartitionAsync("SFN_TASK#default"));
        Assert.StartsWith("s3://" + ConveyorStack.ArtifactsBucket + "/", row["input"].M["$ref"].S, StringComparison.Ordinal);

        // StreamFanOut reads the input back from the bucket to write the subtasks and the manifest, then starts the Map.
        var dispatched = await Fixture.Function("StreamFanOut").InvokeAsync((await stream.NextBatchAsync()).EventJson);
        Assert.False(dispatched.IsError, dispatched.Outcome.Body);
        Assert.True(dispatched.BatchItemFailures.Length == 0, string.Join('\n', Fixture.Function("StreamFanOut").Lines.Where(l => l.Contains("ERROR", StringComparison.Ordinal) || l.Contains("WARN", StringComparison.Ordinal)).TakeLast(5)));
        var rows = await Tasks.PartitionAsync("SFN_TASK#default");
        Assert.Equal(201, rows.Count);
        Assert.Equal("STARTED", rows.Single(r => r["sk"].S == row["sk"].S)["status"].S);
    }

    [Fact]
    public async Task Invoke_WhenKeyMalformed_ShouldReportTheRecordAndLogAClearErrorWithoutFailingTheInvocation()
    {
        var result = await Function.InvokeFileAsync("s3-put-malformed-key.json");

        Assert.False(result.IsError, result.Outcome.Body);
        var failure = Assert.Single(result.Body.GetProperty("failures").EnumerateArray());
        Assert.Equal("bad%E0%A4key.pdf", failure.GetProperty("key").GetString());
        Assert.False(failure.GetProperty("transient").GetBoolean());
        var log = await result.LoggedAsync("ERROR", "Malformed object key");
        Assert.Equal("bad%E0%A4key.pdf", log.GetProperty("rawKey").GetString());
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl, waitSeconds: 0));
    }

    [Fact]
    public async Task Invoke_WhenS3TestEvent_ShouldSkipIt()
    {
        var result = await Function.InvokeFileAsync("s3-test-event.json");

        Assert.False(result.IsError, result.Outcome.Body);
        Assert.True(result.Body.GetProperty("testEvent").GetBoolean());
    }

    /// <summary>One document-review task, STARTED, on the one durable execution, invoked under the task's name.</summary>
    private async Task AssertOneStartedReviewAsync()
    {
        var review = Assert.Single(await Tasks.PartitionAsync("TASK#default"), r => r["type"].S == "document-review");
        Assert.Equal("STARTED", review["status"].S);
        var execution = Assert.Single(Fixture.DurableService.ExecutionArns);
        Assert.Contains($"/durable-execution/{review["name"].S}/", execution, StringComparison.Ordinal);
    }
}
