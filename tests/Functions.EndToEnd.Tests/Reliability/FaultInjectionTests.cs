using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.App;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Sqs;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Functions;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Testing.Moto;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using SqsEventMessage = Conveyor.Lambda.Events.Sqs.SqsMessage;

namespace Functions.EndToEnd.Tests.Reliability;

/// <summary>
/// Fault injection on the AWS path: tasks are created through TaskService over the DynamoDB adapter, dispatched through
/// the SQS adapter and run by the real TaskWorker handler, on moto, while 20% of every SDK call fails — throttled, 500,
/// 503, or applied and then lost. Every task must end COMPLETED, its handler run exactly once.
/// </summary>
public sealed class FaultInjectionTests(MotoFixture moto, ITestOutputHelper output) : IClassFixture<MotoFixture>
{
    private const int Tasks = 60;
    private const double FaultRate = 0.20;

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task FaultInjection_WhenAWSCallsFailTransiently_ShouldEndEveryTaskOnce()
    {
        var credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey);
        var faults = new FaultInjectingHttpClientFactory(FaultRate, seed: 11);
        using var cleanDynamo = new AmazonDynamoDBClient(credentials, new AmazonDynamoDBConfig { ServiceURL = moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
        using var cleanSqs = new AmazonSQSClient(credentials, new AmazonSQSConfig { ServiceURL = moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region });
        using var dynamo = new AmazonDynamoDBClient(credentials, AwsSdkRetries.Disable(new AmazonDynamoDBConfig { ServiceURL = moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, HttpClientFactory = faults }));
        using var sqs = new AmazonSQSClient(credentials, AwsSdkRetries.Disable(new AmazonSQSConfig { ServiceURL = moto.Server.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, HttpClientFactory = faults }));
        var table = "faults-" + Guid.NewGuid().ToString("N")[..8];
        await cleanDynamo.CreateTableAsync(new CreateTableRequest
        {
            TableName = table,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        });
        var queueUrl = (await cleanSqs.CreateQueueAsync(new CreateQueueRequest { QueueName = table, Attributes = new() { ["VisibilityTimeout"] = "2" } })).QueueUrl;

        var runs = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var handler = new CountingTaskProcessor("faulty-echo", runs);
        var store = new DynamoDbTaskStore(dynamo, new DynamoDbTaskStoreOptions { TableName = table, LargeAttributeBucket = "artifacts", Retry = AwsRetryOptions.NoDelay(6) }, TimeProvider.System, new InMemoryObjectStore());
        var queue = new SqsTaskQueue(sqs, new SqsTaskQueueOptions { QueueUrl = queueUrl, Retry = AwsRetryOptions.NoDelay(6) });
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<ITaskStore>(store);
        services.AddSingleton<ITaskQueue>(queue);
        services.AddSingleton<IDeadLetterQueue>(new InMemoryDeadLetterQueue());
        services.AddSingleton<INotifier>(new InMemoryNotifier());
        services.AddSingleton<IWorkflowStarter>(new InMemoryWorkflowStarter());
        services.AddSingleton<IObjectStore>(new InMemoryObjectStore());
        services.AddSingleton<ICommandPublisher>(new InMemoryCommandPublisher(["customer"]));
        services.AddSingleton<IScheduleService>(new InMemoryScheduleService());
        services.AddSingleton<ITaskImageDecoder, TaskJsonImageDecoder>();
        services.AddSingleton<ITaskProcessor>(handler);
        services.AddConveyorApp();
        services.AddConveyorFunctions(new FunctionsOptions { ServiceName = "conveyor", ArtifactsBucket = "artifacts", MaxAttempts = 5 });
        await using var provider = services.BuildServiceProvider();
        var tasks = provider.GetRequiredService<TaskService>();
        var worker = provider.GetRequiredService<TaskWorkerHandler>();

        // The API's clients retry a failed create with the same Idempotency-Key; dispatch (StreamFanOut's job) retries too.
        var keys = new List<TaskKey>();
        var clientRetries = 0;
        for (var i = 0; i < Tasks; i++)
        {
            using var input = JsonDocument.Parse($$"""{"n":{{i}}}""");
            var request = new CreateTaskRequest("faults", "faulty-echo", input.RootElement, IdempotencyKey: $"create-{i}");
            var task = await UntilDoneAsync(() => tasks.CreateTaskAsync(request, CancellationToken.None), () => clientRetries++);
            keys.Add(task.Task.Key);
            await UntilDoneAsync(async () => { await queue.EnqueueAsync([new TaskQueueMessage(task.Task.Key, "faults", "faulty-echo")], CancellationToken.None); return true; }, () => clientRetries++);
        }

        // The event source mapping: receive a batch, invoke TaskWorker, delete what it did not report failed.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        var (batches, failedItems) = (0, 0);
        while (DateTime.UtcNow < deadline && !await AllEndedAsync(cleanDynamo, table, keys))
        {
            var received = await cleanSqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageSystemAttributeNames = ["All"] });
            if (received.Messages is not { Count: > 0 } messages)
            {
                continue;
            }

            batches++;
            var sqsEvent = new SqsEvent
            {
                Records = messages.Select(m => new SqsEventMessage
                {
                    MessageId = m.MessageId,
                    ReceiptHandle = m.ReceiptHandle,
                    Body = m.Body,
                    Attributes = new Dictionary<string, string>(m.Attributes ?? []),
                    EventSourceArn = "arn:aws:sqs:us-east-1:123456789012:" + table,
                }).ToList(),
            };
            HashSet<string> failed;
            try
            {
                var response = await worker.HandleAsync(sqsEvent, InProcessLambdaContext.Create("conveyor-faults-TaskWorker", TimeSpan.FromMinutes(1)), CancellationToken.None);
                failed = response.BatchItemFailures.Select(f => f.ItemIdentifier).ToHashSet(StringComparer.Ordinal);
            }
#pragma warning disable CA1031 // A failed invocation fails the whole batch, as Lambda does.
            catch (Exception)
#pragma warning restore CA1031
            {
                failed = messages.Select(m => m.MessageId).ToHashSet(StringComparer.Ordinal);
            }

            failedItems += failed.Count;
            foreach (var message in messages.Where(m => !failed.Contains(m.MessageId)))
            {
                await cleanSqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        var ended = await ReadAllAsync(cleanDynamo, table, keys);
        output.WriteLine($"Fault injection (AWS path on moto, {FaultRate:P0} of SDK calls): {faults.Summary}; {Tasks} tasks, {clientRetries} client retries, {batches} batches, {failedItems} batch item failures → " +
            $"{ended.Count(s => s == "COMPLETED")} completed, {ended.Count(s => s is null)} lost, {runs.Values.Count(n => n > 1)} run more than once");

        Assert.True(faults.Injected > 20, "the run must actually inject faults: " + faults.Summary);
        Assert.All(ended, status => Assert.Equal("COMPLETED", status));
        Assert.Equal(Tasks, runs.Count);
        Assert.All(runs.Values, n => Assert.Equal(1, n));
    }

    private static async Task<T> UntilDoneAsync<T>(Func<Task<T>> step, Action retried)
    {
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await step();
            }
            catch (Exception) when (attempt < 20)
            {
                retried();
            }
        }
    }

    private static async Task<bool> AllEndedAsync(IAmazonDynamoDB dynamo, string table, IReadOnlyList<TaskKey> keys) =>
        (await ReadAllAsync(dynamo, table, keys)).All(status => status is "COMPLETED" or "FAILED");

    private static async Task<List<string?>> ReadAllAsync(IAmazonDynamoDB dynamo, string table, IReadOnlyList<TaskKey> keys)
    {
        var statuses = new List<string?>(keys.Count);
        foreach (var key in keys)
        {
            var item = await dynamo.GetItemAsync(table, new Dictionary<string, AttributeValue> { ["pk"] = new(key.Pk), ["sk"] = new(key.Sk) }, consistentRead: true);
            statuses.Add(item.Item is { Count: > 0 } found && found.TryGetValue("status", out var status) ? status.S : null);
        }

        return statuses;
    }

    /// <summary>Counts runs per task and returns the input.</summary>
    private sealed class CountingTaskProcessor(string taskType, ConcurrentDictionary<string, int> runs) : ITaskProcessor
    {
        public string TaskType => taskType;

        public Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
        {
            runs.AddOrUpdate(task.Id, 1, (_, n) => n + 1);
            return Task.FromResult<JsonElement?>(task.Input.Clone());
        }
    }
}
