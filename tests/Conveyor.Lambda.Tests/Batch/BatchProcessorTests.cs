using System.Text.Json;
using Conveyor.Lambda.Batch;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Lambda.Tests.Batch;

public sealed class BatchProcessorTests
{
    private const string StandardArn = "arn:aws:sqs:us-east-1:123456789012:conveyor-tasks";
    private const string FifoArn = "arn:aws:sqs:us-east-1:123456789012:conveyor-tasks.fifo";

    private readonly BatchProcessor _processor = new(NullLogger<BatchProcessor>.Instance);

    [Fact]
    public async Task ProcessSqsAsync_WhenOnePoisonMessageAmongValid_ShouldReportOnlyItAndProcessTheRest()
    {
        var batch = Batch(StandardArn, "m1", "poison", "m3", "m4");
        var handler = new RecordingHandler("poison");

        var response = await _processor.ProcessSqsAsync(batch, handler, CancellationToken.None);

        Assert.Equal(["poison"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["m1", "poison", "m3", "m4"], handler.Seen);
    }

    [Fact]
    public async Task ProcessSqsAsync_WhenFifoMessageFails_ShouldStopAndReportItAndAllAfterIt()
    {
        var batch = Batch(FifoArn, "m1", "m2", "m3", "m4");
        var handler = new RecordingHandler("m2");

        var response = await _processor.ProcessSqsAsync(batch, handler, CancellationToken.None);

        Assert.Equal(["m2", "m3", "m4"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["m1", "m2"], handler.Seen);
    }

    [Fact]
    public async Task ProcessSqsAsync_WhenAllSucceed_ShouldReturnEmptyFailureList()
    {
        var response = await _processor.ProcessSqsAsync(Batch(StandardArn, "m1", "m2"), new RecordingHandler(), CancellationToken.None);

        Assert.Empty(response.BatchItemFailures);
    }

    [Fact]
    public async Task ProcessSqsAsync_WhenCancelledMidBatch_ShouldReportUnprocessedRecordsAsFailed()
    {
        using var cancel = new CancellationTokenSource();
        var handler = new RecordingHandler { OnHandle = id => { if (id == "m2") { cancel.Cancel(); } } };

        var response = await _processor.ProcessSqsAsync(Batch(StandardArn, "m1", "m2", "m3", "m4"), handler, cancel.Token);

        Assert.Equal(["m3", "m4"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(["m1", "m2"], handler.Seen);
    }

    [Fact]
    public async Task ProcessDynamoDbStreamAsync_WhenARecordFails_ShouldStopAndReportItAndEveryLaterSequenceNumber()
    {
        var stream = JsonSerializer.Deserialize(
            File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "dynamodb-insert.json")),
            DynamoDbStreamEventJsonContext.Default.DynamoDbStreamEvent)!;
        var handler = new StreamHandler(failEventName: DynamoDbStreamRecord.Insert);

        var response = await _processor.ProcessDynamoDbStreamAsync(stream, handler, CancellationToken.None);

        // The MODIFY after the failed INSERT is not acted on before the INSERT is retried: the shard's order holds.
        Assert.Equal(["111100000000000000000001", "111100000000000000000002"], response.BatchItemFailures.Select(f => f.ItemIdentifier));
        Assert.Equal(1, handler.Calls);
    }

    private static SqsEvent Batch(string arn, params string[] ids) => new()
    {
        Records = ids.Select(id => new SqsMessage { MessageId = id, Body = id, EventSourceArn = arn }).ToList(),
    };

    private sealed class RecordingHandler(params string[] poison) : IBatchRecordHandler<SqsMessage>
    {
        public List<string> Seen { get; } = [];

        public Action<string>? OnHandle { get; init; }

        public Task HandleAsync(SqsMessage record, CancellationToken cancellationToken)
        {
            Seen.Add(record.MessageId);
            OnHandle?.Invoke(record.MessageId);
            return poison.Contains(record.MessageId)
                ? throw new JsonException($"poison message {record.MessageId}")
                : Task.CompletedTask;
        }
    }

    private sealed class StreamHandler(string failEventName) : IBatchRecordHandler<DynamoDbStreamRecord>
    {
        public int Calls { get; private set; }

        public Task HandleAsync(DynamoDbStreamRecord record, CancellationToken cancellationToken)
        {
            Calls++;
            return record.EventName == failEventName ? throw new InvalidOperationException("unknown task") : Task.CompletedTask;
        }
    }
}
