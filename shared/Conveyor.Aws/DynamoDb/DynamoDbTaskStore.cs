using System.Globalization;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.Resilience;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// <see cref="ITaskStore"/> over one DynamoDB table keyed <c>pk</c>/<c>sk</c>. Every write is conditional; a lost
/// condition is a <see cref="TaskConflictException"/> and nothing is overwritten. Item layout: see <see cref="TaskItemMapper"/>.
/// Idempotency markers live in the same table under <c>pk = IDEMPOTENCY#&lt;tenant&gt;#&lt;key&gt;</c>, <c>sk = IDEMPOTENCY</c>
/// (keys are per tenant; a tenant never contains '#', so the two parts cannot run together).
/// </summary>
public sealed partial class DynamoDbTaskStore : ITaskStore
{
    public const string IdempotencyPrefix = "IDEMPOTENCY#";
    public const string IdempotencySortKey = "IDEMPOTENCY";
    private const int MaxIdempotencyKeyLength = 512;

    private readonly Lazy<IAmazonDynamoDB> _dynamo;
    private readonly DynamoDbTaskStoreOptions _options;
    private readonly TimeProvider _time;
    private readonly Lazy<ResiliencePipeline> _pipeline;
    private readonly LargeAttributeStore _large;
    private readonly DynamoDbSubTaskWriter _subTasks;
    private readonly DynamoDbTaskQuery _query;
    private readonly ILogger _logger;

    public DynamoDbTaskStore(
        IAmazonDynamoDB dynamo,
        DynamoDbTaskStoreOptions options,
        TimeProvider timeProvider,
        IObjectStore? objectStore = null,
        ILogger<DynamoDbTaskStore>? logger = null)
        : this(new Lazy<IAmazonDynamoDB>(dynamo ?? throw new ArgumentNullException(nameof(dynamo))), options, timeProvider, objectStore, logger)
    {
    }

    /// <summary>With the client created on first use: a function's init builds the store (and checks its options), not the SDK client.</summary>
    public DynamoDbTaskStore(
        Lazy<IAmazonDynamoDB> dynamo,
        DynamoDbTaskStoreOptions options,
        TimeProvider timeProvider,
        IObjectStore? objectStore = null,
        ILogger<DynamoDbTaskStore>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        options.Validate();
        _dynamo = dynamo;
        _options = options;
        _time = timeProvider;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipeline = AwsResiliencePipelines.CreateLazy(options.Retry, [TransactionCancellationClassifier.Instance], _logger, timeProvider);
        _large = new LargeAttributeStore(objectStore, options);
        _subTasks = new DynamoDbSubTaskWriter(dynamo, options.TableName, _pipeline, _large);
        _query = new DynamoDbTaskQuery(dynamo, options.TableName, _pipeline, _large);
    }

    public async Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        var item = TaskItemMapper.ToItem(task);
        var offloaded = await _large.OffloadAsync(item, cancellationToken).ConfigureAwait(false);
        TaskCreation creation;
        try
        {
            creation = idempotencyKey is null
                ? await CreateRowAsync(task, item, cancellationToken).ConfigureAwait(false)
                : await CreateIdempotentAsync(task, item, idempotencyKey, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // The row did not land: the objects written for it would be orphans.
            await _large.DiscardAsync(offloaded, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        if (!creation.Created)
        {
            await _large.DiscardAsync(offloaded, CancellationToken.None).ConfigureAwait(false);
        }

        return creation;
    }

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subTasks);
        return _subTasks.WriteAsync(subTasks, cancellationToken);
    }

    public async Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken)
    {
        var item = await GetItemAsync(key.Pk, key.Sk, cancellationToken).ConfigureAwait(false);
        return item is null ? null : await ToTaskAsync(item, cancellationToken).ConfigureAwait(false);
    }

    public async Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(condition);
        var values = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [":expected"] = new() { N = condition.ExpectedVersion.ToString(CultureInfo.InvariantCulture) },
        };
        var expression = "attribute_exists(#pk) AND #version = :expected";
        var statuses = condition.AllowedStatuses.Distinct().ToList();
        if (statuses.Count > 0)
        {
            var placeholders = statuses.Select((s, i) => (Name: $":s{i}", Status: s)).ToList();
            placeholders.ForEach(p => values[p.Name] = TaskItemMapper.S(p.Status.ToWireName()));
            expression += $" AND #status IN ({string.Join(", ", placeholders.Select(p => p.Name))})";
        }

        var item = TaskItemMapper.ToItem(next);
        var offloaded = await _large.OffloadAsync(item, cancellationToken).ConfigureAwait(false);
        var request = new PutItemRequest
        {
            TableName = _options.TableName,
            Item = item,
            ConditionExpression = expression,
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#pk"] = A.Pk, ["#version"] = A.Version, ["#status"] = A.Status },
            ExpressionAttributeValues = values,
        };
        var attempts = 0;
        try
        {
            await _pipeline.Value.ExecuteAsync(
                async ct =>
                {
                    Interlocked.Increment(ref attempts);
                    await _dynamo.Value.PutItemAsync(request, ct).ConfigureAwait(false);
                },
                cancellationToken).ConfigureAwait(false);
            return next;
        }
        catch (ConditionalCheckFailedException ex)
        {
            if (attempts > 1 && await IsStoredAsync(item, cancellationToken).ConfigureAwait(false))
            {
                // An earlier attempt of this very write failed ambiguously (a 500, a timeout, a dropped connection after
                // the request was sent) yet was applied: the retry then found its own write. The row holds exactly what was
                // written (same version, status and update time), so the write succeeded — reporting a conflict would make
                // a claimer believe it lost and leave the task PROCESSING forever.
                LogAmbiguousWriteApplied(_logger, next.Id, next.Version, ex.Message);
                return next;
            }

            await _large.DiscardAsync(offloaded, CancellationToken.None).ConfigureAwait(false);
            LogConflict(_logger, next.Id, condition.ExpectedVersion);
            throw new TaskConflictException($"Task {next.Id} was changed by someone else or is gone (expected version {condition.ExpectedVersion}, statuses {string.Join(", ", statuses.Select(s => s.ToWireName()))}).", ex);
        }
    }

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        return _query.QueryAsync(query, cancellationToken);
    }

    private async Task<TaskCreation> CreateRowAsync(TrackedTask task, Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var put = NewRowPut(item);
        var request = new PutItemRequest
        {
            TableName = put.TableName,
            Item = put.Item,
            ConditionExpression = put.ConditionExpression,
            ExpressionAttributeNames = put.ExpressionAttributeNames,
        };
        try
        {
            await _pipeline.Value.ExecuteAsync(async ct => await _dynamo.Value.PutItemAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return new TaskCreation(task, Created: true);
        }
        catch (ConditionalCheckFailedException ex)
        {
            throw AlreadyExists(task.Key, ex);
        }
    }

    private async Task<TaskCreation> CreateIdempotentAsync(TrackedTask task, Dictionary<string, AttributeValue> item, string idempotencyKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > MaxIdempotencyKeyLength)
        {
            throw new ValidationException($"An idempotency key must be 1 to {MaxIdempotencyKeyLength} characters long.", nameof(idempotencyKey));
        }

        var markerPk = $"{IdempotencyPrefix}{task.Tenant}#{idempotencyKey}";
        var marker = new Dictionary<string, AttributeValue>(StringComparer.Ordinal)
        {
            [A.Pk] = TaskItemMapper.S(markerPk),
            [A.Sk] = TaskItemMapper.S(IdempotencySortKey),
            ["taskPk"] = TaskItemMapper.S(task.Key.Pk),
            ["taskSk"] = TaskItemMapper.S(task.Key.Sk),
            [A.CreatedAt] = TaskItemMapper.S(TaskItemMapper.Timestamp(_time.GetUtcNow())),
        };
        var request = new TransactWriteItemsRequest { TransactItems = [new() { Put = NewRowPut(marker) }, new() { Put = NewRowPut(item) }] };
        try
        {
            await _pipeline.Value.ExecuteAsync(async ct => await _dynamo.Value.TransactWriteItemsAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return new TaskCreation(task, Created: true);
        }
        catch (TransactionCanceledException ex) when (ReasonCode(ex, 0) == "ConditionalCheckFailed")
        {
            var existing = await GetItemAsync(markerPk, IdempotencySortKey, cancellationToken).ConfigureAwait(false)
                ?? throw new TaskConflictException($"The idempotency key '{idempotencyKey}' is taken but its marker could not be read.", ex);
            var key = new TaskKey(existing["taskPk"].S, existing["taskSk"].S);
            var stored = await GetAsync(key, cancellationToken).ConfigureAwait(false)
                ?? throw new TaskConflictException($"The idempotency key '{idempotencyKey}' points at task {key.Id}, which no longer exists.", ex);
            return new TaskCreation(stored, Created: false);
        }
        catch (TransactionCanceledException ex) when (ReasonCode(ex, 1) == "ConditionalCheckFailed")
        {
            throw AlreadyExists(task.Key, ex);
        }
    }

    /// <summary>
    /// Whether the stored row is exactly <paramref name="item"/>, every attribute written: racing writers of one version may
    /// write the same version, status and update time, so only the whole row tells this write from a rival's.
    /// </summary>
    private async Task<bool> IsStoredAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var stored = await GetItemAsync(item[A.Pk].S, item[A.Sk].S, cancellationToken).ConfigureAwait(false);
        return stored is not null && stored.Count == item.Count && SameMap(stored, item);
    }

    private static bool SameMap(Dictionary<string, AttributeValue>? left, Dictionary<string, AttributeValue>? right) =>
        (left is null || left.Count == 0)
            ? right is null || right.Count == 0
            : right is not null && left.Count == right.Count && left.All(p => right.TryGetValue(p.Key, out var other) && SameValue(p.Value, other));

    private static bool SameValue(AttributeValue left, AttributeValue right) =>
        string.Equals(left.S, right.S, StringComparison.Ordinal)
        && string.Equals(left.N, right.N, StringComparison.Ordinal)
        && (left.BOOL ?? false) == (right.BOOL ?? false)
        && (left.NULL ?? false) == (right.NULL ?? false)
        && (left.SS ?? []).SequenceEqual(right.SS ?? [], StringComparer.Ordinal)
        && (left.NS ?? []).SequenceEqual(right.NS ?? [], StringComparer.Ordinal)
        && (left.L ?? []).Count == (right.L ?? []).Count
        && (left.L ?? []).Zip(right.L ?? []).All(pair => SameValue(pair.First, pair.Second))
        && SameMap(left.M, right.M)
        && (left.B?.ToArray() ?? []).AsSpan().SequenceEqual(right.B?.ToArray() ?? []);

    private async Task<Dictionary<string, AttributeValue>?> GetItemAsync(string pk, string sk, CancellationToken cancellationToken)
    {
        var request = new GetItemRequest
        {
            TableName = _options.TableName,
            Key = new(StringComparer.Ordinal) { [A.Pk] = TaskItemMapper.S(pk), [A.Sk] = TaskItemMapper.S(sk) },
            ConsistentRead = true,
        };
        var response = await _pipeline.Value.ExecuteAsync(async ct => await _dynamo.Value.GetItemAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return response.Item is { Count: > 0 } item ? item : null;
    }

    private async Task<TrackedTask> ToTaskAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        await _large.ResolveAsync(item, cancellationToken).ConfigureAwait(false);
        return TaskItemMapper.FromItem(item);
    }

    private Put NewRowPut(Dictionary<string, AttributeValue> item) => new()
    {
        TableName = _options.TableName,
        Item = item,
        ConditionExpression = "attribute_not_exists(#pk)",
        ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#pk"] = A.Pk },
    };

    private static string? ReasonCode(TransactionCanceledException exception, int index) =>
        exception.CancellationReasons is { } reasons && reasons.Count > index ? reasons[index].Code : null;

    private static TaskConflictException AlreadyExists(TaskKey key, Exception inner) =>
        new($"Task {key.Id} already exists; a new task needs a new key.", inner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Conditional write of task {TaskId} (version {Version}) was applied by an attempt that failed ambiguously; the retry's condition failure ({Reason}) is its own write")]
    private static partial void LogAmbiguousWriteApplied(ILogger logger, string taskId, long version, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Conditional write of task {TaskId} lost (expected version {ExpectedVersion})")]
    private static partial void LogConflict(ILogger logger, string taskId, long expectedVersion);
}
