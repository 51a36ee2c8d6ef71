using System.Globalization;
using System.Text.Json;
using Amazon.S3.Model;
using Functions.EndToEnd.Tests.Infrastructure;
using Xunit.Abstractions;

namespace Functions.EndToEnd.Tests.Reliability;

/// <summary>
/// R1 through the functions on moto: N CSV uploads and N profile pictures, every S3 event delivered twice, all 4·N
/// deliveries shuffled and fed to the real FileTrigger executable (packed several records per invocation, as S3
/// notifications through a queue may arrive) → exactly N step-function tasks in DynamoDB and N distinct commands.
/// </summary>
/// <remarks>
/// The command queue is a standard SQS queue: a redelivered event re-sends its command with the same deterministic
/// <c>meta.msgId</c>, so the queue may hold more messages than commands and consumers de-duplicate on the id (the
/// contract of MBC's command messages, documented in the README). The figure printed is both counts. N is 100 in the
/// test command; <c>CONVEYOR_R1_FILES=1000</c> runs the full figure.
/// </remarks>
public sealed class DuplicateFileEventsOnMotoTests(EndToEndFixture fixture, ITestOutputHelper output) : EndToEndTest(fixture)
{
    private const int RecordsPerInvocation = 10;

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R1_EveryFileEventDeliveredTwiceShuffled_ShouldCreateExactlyOneTaskAndOneCommandPerFile()
    {
        var files = int.TryParse(Environment.GetEnvironmentVariable("CONVEYOR_R1_FILES"), CultureInfo.InvariantCulture, out var n) && n > 0 ? n : 100;
        var events = new List<string>(files * 2);
        for (var i = 0; i < files; i++)
        {
            var csv = await PutAsync(ConveyorStack.CsvImportBucket, $"imports/r1-{i}.csv", $"email,name\nu{i}@example.com,User {i}\n");
            events.Add(Record(ConveyorStack.CsvImportBucket, $"imports/r1-{i}.csv", csv, sequencer: i + 1));
            var picture = await PutAsync(ConveyorStack.ProfilePicturesBucket, $"{1000 + i}.jpg", "jpeg");
            events.Add(Record(ConveyorStack.ProfilePicturesBucket, $"{1000 + i}.jpg", picture, sequencer: files + i + 1));
        }

        var deliveries = events.Concat(events).OrderBy(_ => Random.Shared.Next()).ToList();
        var failures = 0;
        foreach (var batch in deliveries.Chunk(RecordsPerInvocation))
        {
            var result = await Fixture.Function("FileTrigger").InvokeAsync("""{"Records":[""" + string.Join(',', batch) + "]}");
            Assert.False(result.IsError, result.Outcome.Body);
            failures += result.Body.TryGetProperty("failures", out var f) ? f.GetArrayLength() : 0;
        }

        var tasks = await Tasks.PartitionAsync("SFN_TASK#default");
        var messages = await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl);
        var commands = messages.Select(m =>
        {
            using var body = JsonDocument.Parse(m.Body);
            return (MsgId: body.RootElement.GetProperty("meta").GetProperty("msgId").GetString(), Customer: body.RootElement.GetProperty("id").GetString());
        }).ToList();
        var commandIds = commands.Select(c => c.MsgId).ToHashSet();
        var customers = commands.Select(c => c.Customer).ToHashSet();
        output.WriteLine($"R1 duplicates (functions on moto): {deliveries.Count} deliveries of {events.Count} events in {deliveries.Count / RecordsPerInvocation} "
            + $"FileTrigger invocations → {tasks.Count} tasks (expected {files}), {commandIds.Count} distinct commands (expected {files}) "
            + $"in {messages.Count} queue messages, {failures} record failures");

        Assert.Equal(0, failures);
        Assert.Equal(files, tasks.Count);
        Assert.Equal(files, tasks.Select(t => t["name"].S).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(files, commandIds.Count);
        Assert.Equal(files, customers.Count);
    }

    private async Task<(long Size, string ETag)> PutAsync(string bucket, string key, string body)
    {
        var response = await Stack.S3.PutObjectAsync(new PutObjectRequest { BucketName = bucket, Key = key, ContentBody = body });
        return (body.Length, response.ETag.Trim('"'));
    }

    private static string Record(string bucket, string key, (long Size, string ETag) stored, long sequencer) =>
        JsonSerializer.Serialize(new
        {
            eventVersion = "2.1",
            eventSource = "aws:s3",
            awsRegion = "us-east-1",
            eventTime = "2026-11-23T12:00:00.000Z",
            eventName = "ObjectCreated:Put",
            s3 = new
            {
                s3SchemaVersion = "1.0",
                configurationId = "conveyor-file-trigger",
                bucket = new { name = bucket, arn = "arn:aws:s3:::" + bucket },
                @object = new { key = Uri.EscapeDataString(key).Replace("%2F", "/", StringComparison.Ordinal), size = stored.Size, eTag = stored.ETag, sequencer = sequencer.ToString("X16", CultureInfo.InvariantCulture) },
            },
        });
}
