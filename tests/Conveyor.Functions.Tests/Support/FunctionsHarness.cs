using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Functions;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Events.Sqs;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Functions.Tests.Support;

/// <summary>
/// The functions wired as a function executable wires them (AddConveyorFunctions + AddConveyorApp), on the in-memory
/// adapters, with a fake clock and the bucket names of events/env.json.
/// </summary>
internal sealed class FunctionsHarness : IDisposable
{
    public const string ProfilePicturesBucket = "conveyor-dev-123456789012-profile-pictures";
    public const string DocumentsBucket = "conveyor-dev-123456789012-documents";
    public const string CsvImportBucket = "conveyor-dev-123456789012-csv-import";
    public const string ArtifactsBucket = "conveyor-dev-123456789012-artifacts";

    private readonly ServiceProvider _services;
    private int _sequence;
    private int _relayed;

    public FunctionsHarness(Action<IServiceCollection>? configure = null, FunctionsOptions? options = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton<TimeProvider>(Clock);
        services.AddSingleton<ITaskStore>(Store);
        services.AddSingleton<INotifier>(Notifier);
        services.AddSingleton<ITaskQueue>(Queue);
        services.AddSingleton<IDeadLetterQueue>(DeadLetters);
        services.AddSingleton<IWorkflowStarter>(Workflows);
        services.AddSingleton<IObjectStore>(Objects);
        services.AddSingleton<ICommandPublisher>(Commands);
        services.AddSingleton<IScheduleService>(Schedules);
        services.AddSingleton<Conveyor.Durable.Protocol.IDurableServiceClient>(new Conveyor.Durable.Testing.InMemoryDurableService(Clock));
        services.AddSingleton<ITaskImageDecoder, TaskJsonImageDecoder>();
        services.AddConveyorApp().AddConveyorWorkflows();
        configure?.Invoke(services);
        services.AddConveyorFunctions(options ?? Options);
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    public static FunctionsOptions Options => new()
    {
        ServiceName = "conveyor",
        ArtifactsBucket = ArtifactsBucket,
        MaxAttempts = 3,
        Buckets = new Dictionary<string, string>
        {
            ["ProfilePicturesBucket"] = ProfilePicturesBucket,
            ["DocumentsBucket"] = DocumentsBucket,
            ["CsvImportBucket"] = CsvImportBucket,
        },
    };

    public FakeTimeProvider Clock { get; } = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public InMemoryTaskStore Store { get; } = new();

    public InMemoryNotifier Notifier { get; } = new();

    public InMemoryTaskQueue Queue { get; } = new();

    public InMemoryDeadLetterQueue DeadLetters { get; } = new();

    public InMemoryWorkflowStarter Workflows { get; } = new();

    public InMemoryObjectStore Objects { get; } = new();

    public InMemoryCommandPublisher Commands { get; } = new(["customer"]);

    public InMemoryScheduleService Schedules { get; } = new();

    public TaskService Tasks => Get<TaskService>();

    public static ILambdaContext Context(string requestId = "req-1") =>
        new InProcessLambdaContext(requestId, "test", DateTimeOffset.MaxValue);

    /// <summary>Invokes a handler the way the runtime does: raw event bytes in, response bytes out.</summary>
    public static Task<ReadOnlyMemory<byte>> InvokeAsync(Lambda.Hosting.ILambdaFunctionHandler handler, string eventFile) =>
        handler.InvokeAsync(RecordedEvents.Bytes(eventFile), Context(), CancellationToken.None);

    public T Get<T>() where T : notnull => _services.GetRequiredService<T>();

    public async Task<TrackedTask> CreateTaskAsync(string type, string inputJson, bool stepFunction = false, string tenant = "acme")
    {
        using var input = JsonDocument.Parse(inputJson);
        var request = new CreateTaskRequest(tenant, type, input.RootElement);
        var creation = stepFunction
            ? await Tasks.CreateStepFunctionTaskAsync(request, CancellationToken.None)
            : await Tasks.CreateTaskAsync(request, CancellationToken.None);
        return creation.Task;
    }

    public async Task<TrackedTask> GetTaskAsync(TaskKey key) =>
        await Store.GetAsync(key, CancellationToken.None) ?? throw new InvalidOperationException($"{key.Id} is not stored.");

    /// <summary>The change-feed INSERT record of <paramref name="task"/>, its image in the task JSON shape.</summary>
    public DynamoDbStreamRecord InsertRecord(TrackedTask task, string? sequenceNumber = null)
    {
        using var image = JsonDocument.Parse(TaskJson.Serialize(task));
        return new DynamoDbStreamRecord
        {
            EventName = DynamoDbStreamRecord.Insert,
            DynamoDb = new DynamoDbStreamChange
            {
                NewImage = image.RootElement.Clone(),
                SequenceNumber = sequenceNumber ?? NextSequence(),
            },
        };
    }

    /// <summary>The change-feed MODIFY record of <paramref name="change"/>: old and new images in the task JSON shape.</summary>
    public DynamoDbStreamRecord ModifyRecord(TaskChange change, string? sequenceNumber = null)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var oldImage = JsonDocument.Parse(TaskJson.Serialize(change.OldImage ?? throw new ArgumentException("A MODIFY needs an old image.", nameof(change))));
        using var newImage = JsonDocument.Parse(TaskJson.Serialize(change.NewImage));
        return new DynamoDbStreamRecord
        {
            EventName = DynamoDbStreamRecord.Modify,
            DynamoDb = new DynamoDbStreamChange
            {
                OldImage = oldImage.RootElement.Clone(),
                NewImage = newImage.RootElement.Clone(),
                SequenceNumber = sequenceNumber ?? NextSequence(),
            },
        };
    }

    /// <summary>
    /// Runs every store modification since the last call through StreamFanOut as MODIFY records, as the stream delivers
    /// them: this is where status notifications come from. Inserts are not relayed (tests dispatch them explicitly).
    /// </summary>
    public async Task<int> RelayModificationsAsync()
    {
        var changes = Store.Changes;
        var pending = changes.Skip(_relayed).Where(c => c.OldImage is not null).ToArray();
        _relayed = changes.Count;
        var handler = Get<StreamFanOutHandler>();
        foreach (var change in pending)
        {
            await handler.HandleAsync(ModifyRecord(change), CancellationToken.None);
        }

        return pending.Length;
    }

    public static SqsMessage Message(TaskQueueMessage message, int receiveCount = 1, string? messageId = null) =>
        Message(TaskQueueMessageJson.Serialize(message), receiveCount, messageId);

    public static SqsMessage Message(string body, int receiveCount = 1, string? messageId = null) => new()
    {
        MessageId = messageId ?? Guid.NewGuid().ToString(),
        Body = body,
        Attributes = new Dictionary<string, string> { ["ApproximateReceiveCount"] = receiveCount.ToString(System.Globalization.CultureInfo.InvariantCulture) },
        EventSourceArn = "arn:aws:sqs:us-east-1:123456789012:conveyor-dev-tasks",
    };

    /// <summary>Receives every pending queue message and runs it through the worker (first delivery each).</summary>
    public async Task<int> DrainQueueAsync()
    {
        var worker = Get<TaskWorkerHandler>();
        var received = await Queue.ReceiveAsync(100, CancellationToken.None);
        foreach (var message in received)
        {
            await worker.HandleAsync(Message(message), CancellationToken.None);
        }

        return received.Count;
    }

    public void Dispose() => _services.Dispose();

    private string NextSequence() => (++_sequence).ToString("D21", System.Globalization.CultureInfo.InvariantCulture);
}
