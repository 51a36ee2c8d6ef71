using System.Buffers;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Serialization;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.FileTrigger;

/// <summary>
/// S3 (or local folder) object events — S3 notifications or S3 events delivered by EventBridge — → the callbacks of the file tasks bound to the event's bucket → their actions.
/// </summary>
/// <remarks>
/// Each record is isolated: a record that cannot be processed is logged and reported, and the others go on.
/// The invocation itself fails only when some record hit a transient fault (<see cref="FileEventRetryException"/>):
/// Lambda's asynchronous retry then re-runs the whole event, which is safe because every action is idempotent
/// (tasks carry an idempotency key derived from the event, schedules replace by name, commands carry a message id
/// derived from the event). Bad input — an undecodable key, a bucket no task watches, a callback's validation error —
/// is reported in the response and never retried, because it would fail the same way again. Such a file is also
/// recorded as a FAILED task of type <see cref="RejectedFileTaskType"/> (tenant <see cref="FunctionsOptions.Tenant"/>,
/// name <c>bucket/key</c>, the error), once per event, so users see it where they see tasks and get its
/// <c>task-status</c> notification.
/// </remarks>
public sealed class FileTriggerHandler : ILambdaHandler<S3Event, FileTriggerResponse>
{
    /// <summary>This function, described once: template.yaml's <c>FileTriggerFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<FileTriggerHandler, S3Event, FileTriggerResponse>(
            "FileTrigger",
            FunctionTrigger.S3,
            TimeSpan.FromSeconds(30),
            sp => new FileTriggerHandler(
                sp.GetRequiredService<FileTaskRegistry>(),
                sp.GetRequiredService<ActionExecutor>(),
                sp.GetRequiredService<FileTaskContext>(),
                sp.GetRequiredService<TaskService>(),
                sp.GetRequiredService<FunctionsOptions>(),
                sp.GetLogger<FileTriggerHandler>()));

    /// <summary>The type of the FAILED task that records a file that could not become a task.</summary>
    public const string RejectedFileTaskType = "rejected-file";

    private readonly FileTaskRegistry _registry;
    private readonly ActionExecutor _executor;
    private readonly FileTaskContext _context;
    private readonly ILogger _logger;
    private readonly TaskService _tasks;
    private readonly FunctionsOptions _options;

    public FileTriggerHandler(
        FileTaskRegistry registry,
        ActionExecutor executor,
        FileTaskContext context,
        TaskService tasks,
        FunctionsOptions options,
        ILogger<FileTriggerHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _registry = registry ?? throw new ArgumentNullException(nameof(registry));
        _executor = executor ?? throw new ArgumentNullException(nameof(executor));
        _context = context ?? throw new ArgumentNullException(nameof(context));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<S3Event> EventTypeInfo => S3EventJsonContext.Default.S3Event;

    public JsonTypeInfo<FileTriggerResponse> ResponseTypeInfo => FileTriggerJsonContext.Default.FileTriggerResponse;

    /// <exception cref="FileEventRetryException">Some record failed transiently (after all records were tried).</exception>
    public async Task<FileTriggerResponse> HandleAsync(S3Event input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(context);
        if (input.IsTestEvent)
        {
            FileTriggerLog.TestEventSkipped(_logger, input.Bucket ?? "(unknown)");
            return new FileTriggerResponse { TestEvent = true };
        }

        var records = S3EventShapes.Records(input);
        var failures = new List<FileRecordFailure>();
        Exception? firstTransient = null;
        var processed = 0;
        foreach (var record in records)
        {
            var (failure, exception) = await ProcessRecordAsync(record, context.RequestId, cancellationToken);
            if (failure is null)
            {
                processed++;
                continue;
            }

            if (!failure.Transient && !await TryRecordRejectedAsync(record, failure, exception, context.RequestId, cancellationToken))
            {
                // Not recorded (the store failed): retry the event, so the rejection is recorded on a later delivery.
                failure = failure with { Transient = true };
            }

            failures.Add(failure);
            if (failure.Transient)
            {
                firstTransient ??= exception;
            }
        }

        var response = new FileTriggerResponse { Records = records.Count, Processed = processed, Failures = failures };
        FileTriggerLog.Summary(_logger, response.Records, response.Processed, response.Failed);
        return failures.Exists(f => f.Transient) ? throw new FileEventRetryException(failures, firstTransient) : response;
    }

    private async Task<(FileRecordFailure? Failure, Exception? Exception)> ProcessRecordAsync(
        S3EventRecord record, string requestId, CancellationToken cancellationToken)
    {
        var bucket = record.S3.Bucket.Name;
        var rawKey = record.S3.Object.Key;
        if (!S3KeyDecoder.TryDecode(rawKey, out var key))
        {
            var reason = DescribeKeyError(rawKey);
            FileTriggerLog.MalformedKey(_logger, bucket, rawKey, reason);
            return (new FileRecordFailure(bucket, rawKey, record.EventName, reason, Transient: false), null);
        }

        var bindings = _registry.Find(bucket);
        if (bindings.Count == 0)
        {
            FileTriggerLog.NoFileTask(_logger, bucket, key);
            return (new FileRecordFailure(bucket, key, record.EventName, $"No file task watches bucket '{bucket}'.", Transient: false), null);
        }

        var evt = new BucketEvent(
            record.EventName,
            bucket,
            key,
            record.S3.Object.Size ?? 0,
            record.S3.Object.ETag,
            record.S3.Object.VersionId,
            record.S3.Object.Sequencer,
            record.EventTime == default ? null : record.EventTime);
        var errors = new List<string>();
        Exception? firstError = null;
        var transient = false;
        foreach (var binding in bindings)
        {
            try
            {
                var correlationId = CommandFactory.DeterministicGuid(IdempotencyKeys.ForBucketEvent(evt, "correlation")).ToString();
                var actions = await binding.Bucket.Callback(evt, _context.ForRequest(correlationId, requestId), cancellationToken);
                var outcomes = await _executor.ExecuteAsync(WithIdempotencyKeys(actions, evt, binding.Task.Name, requestId), cancellationToken);
                foreach (var outcome in outcomes)
                {
                    if (outcome.Succeeded)
                    {
                        FileTriggerLog.ActionDone(_logger, binding.Task.Name, outcome.Action.Describe(), bucket, key);
                        continue;
                    }

                    FileTriggerLog.ActionFailed(_logger, outcome.Exception, binding.Task.Name, outcome.Action.Describe(), bucket, key, outcome.Error ?? "unknown error");
                    errors.Add($"{binding.Task.Name}: {outcome.Action.Describe()} failed: {outcome.Error}");
                    transient |= outcome.Exception is null || FailureClassifier.IsTransient(outcome.Exception);
                    firstError ??= outcome.Exception;
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                throw;
            }
#pragma warning disable CA1031 // A failing callback fails its record only; the other records and tasks must still run.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                FileTriggerLog.CallbackFailed(_logger, ex, binding.Task.Name, bucket, key, ex.GetType().Name);
                errors.Add($"{binding.Task.Name}: {ex.GetType().Name}: {ex.Message}");
                transient |= FailureClassifier.IsTransient(ex);
                firstError ??= ex;
            }
        }

        return errors.Count == 0
            ? (null, null)
            : (new FileRecordFailure(bucket, key, record.EventName, string.Join("; ", errors), transient), firstError);
    }

    /// <summary>Records a rejected file as a FAILED task (idempotent per event); false when the store could not be written.</summary>
    private async Task<bool> TryRecordRejectedAsync(
        S3EventRecord record, FileRecordFailure failure, Exception? exception, string requestId, CancellationToken cancellationToken)
    {
        var evt = new BucketEvent(
            record.EventName,
            failure.Bucket,
            failure.Key,
            record.S3.Object.Size ?? 0,
            record.S3.Object.ETag,
            record.S3.Object.VersionId,
            record.S3.Object.Sequencer);
        var input = RejectedFileInput(evt);
        var request = new CreateTaskRequest(
            _options.Tenant,
            RejectedFileTaskType,
            input,
            Name: DisplayText.ToName($"{failure.Bucket}/{failure.Key}"),
            CreatedBy: "FileTrigger",
            RequestId: requestId,
            IdempotencyKey: IdempotencyKeys.ForBucketEvent(evt, RejectedFileTaskType));
        // One cause: its own message (the type is the error type); several file tasks failing: the joined reasons.
        var error = exception is not null && !failure.Reason.Contains("; ", StringComparison.Ordinal)
            ? new TaskError(exception.GetType().Name, exception.Message)
            : new TaskError(exception?.GetType().Name ?? "RejectedFile", failure.Reason);
        try
        {
            var creation = await _tasks.RecordFailedAsync(request, error, cancellationToken);
            FileTriggerLog.RejectedRecorded(_logger, failure.Bucket, failure.Key, creation.Task.Id);
            return true;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // Any store fault: the event is retried (the record is idempotent), the other records go on.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            FileTriggerLog.RejectedNotRecorded(_logger, ex, failure.Bucket, failure.Key, ex.GetType().Name);
            return false;
        }
    }

    /// <summary>The input of a rejected-file record: <c>{bucket, key, eventName, size}</c>.</summary>
    private static JsonElement RejectedFileInput(BucketEvent evt)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("bucket", evt.Bucket);
            writer.WriteString("key", evt.Key);
            writer.WriteString("eventName", evt.EventName);
            writer.WriteNumber("size", evt.Size);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    /// <summary>
    /// Gives every StartTask without an idempotency key one derived from the event, so a duplicate or late redelivery of
    /// the same object event finds the task it created the first time instead of creating another.
    /// </summary>
    private static List<FileTaskAction> WithIdempotencyKeys(IReadOnlyList<FileTaskAction> actions, BucketEvent evt, string taskName, string requestId)
    {
        var result = new List<FileTaskAction>(actions.Count);
        var ordinal = 0;
        foreach (var action in actions)
        {
            if (action is StartTask { Request.IdempotencyKey: null } start)
            {
                var purpose = $"{taskName}:{start.Request.Type}:{ordinal++}";
                result.Add(start with
                {
                    Request = start.Request with
                    {
                        IdempotencyKey = IdempotencyKeys.ForBucketEvent(evt, purpose),
                        RequestId = start.Request.RequestId ?? requestId,
                    },
                });
            }
            else
            {
                result.Add(action);
            }
        }

        return result;
    }

    private static string DescribeKeyError(string rawKey)
    {
        try
        {
            _ = S3KeyDecoder.Decode(rawKey);
            return "the key could not be decoded";
        }
        catch (InvalidObjectKeyException ex)
        {
            return ex.Message;
        }
    }
}
