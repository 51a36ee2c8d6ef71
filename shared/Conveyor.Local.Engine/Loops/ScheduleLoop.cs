using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Local.Queue;
using Conveyor.Local.Scheduling;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The local EventBridge Scheduler's delivery: <see cref="ScheduleTimerLoop"/> has <see cref="LocalScheduler"/> write each
/// due firing to the schedule queue (missed firings while the engine was down are coalesced into one, see its remarks),
/// and this loop delivers each firing to
/// <see cref="ScheduleTargetHandler"/> with <c>scheduleName</c> and <c>scheduledTime</c> added to the payload, as the AWS
/// target input does. A failed delivery is retried with backoff; the last of MaxDeliveries is dead-lettered with its cause.
/// </summary>
public sealed class ScheduleLoop(
    ScheduleTargetHandler handler,
    EngineQueues queues,
    EngineSignals signals,
    EngineOptions options,
    ILogger<ScheduleLoop> logger) : PollingLoop("schedule delivery", logger)
{
    public static string FunctionName => ScheduleTargetHandler.Function.LocalName;

    public override FunctionTrigger? Trigger => FunctionTrigger.Scheduler;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    /// <summary>The schedule target's input: the stored payload plus which firing it is.</summary>
    public static JsonElement TargetInput(ScheduleFiring firing)
    {
        ArgumentNullException.ThrowIfNull(firing);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            if (firing.Payload.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in firing.Payload.EnumerateObject())
                {
                    if (property.Name is not (ScheduleTargetHandler.ScheduleNameField or ScheduleTargetHandler.ScheduledTimeField))
                    {
                        property.WriteTo(writer);
                    }
                }
            }

            writer.WriteString(ScheduleTargetHandler.ScheduleNameField, firing.Name);
            writer.WriteString(ScheduleTargetHandler.ScheduledTimeField, firing.ScheduledTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var queue = queues.ScheduleEvents;
        var messages = await queue.ReceiveAsync(10, null, stop.Intake).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            await signals.ScheduleEvents.WaitAsync(options.PollInterval * 4, stop.Intake).ConfigureAwait(false);
            return;
        }

        foreach (var message in messages)
        {
            await DeliverOneAsync(queue, message, stop.Work).ConfigureAwait(false);
        }
    }

    private async Task DeliverOneAsync(SqliteQueue queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var input = TargetInput(LocalScheduler.Parse(message.Body));
            var context = InProcessLambdaContext.Create(FunctionName, ScheduleTargetHandler.Function.Timeout, cancellationToken: cancellationToken);
            await handler.HandleAsync(input, context, cancellationToken).ConfigureAwait(false);
            await queue.DeleteAsync(message.ReceiptHandle, CancellationToken.None).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
        }
#pragma warning disable CA1031 // A failed firing is retried with backoff; the queue dead-letters it after MaxDeliveries.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            if (message.ReceiveCount >= options.MaxDeliveries)
            {
                await queue.GiveUpAsync(message, ex, "Schedule firing", logger).ConfigureAwait(false);
                return;
            }

            var delay = Backoff.For(message.ReceiveCount);
            LoopLog.Retrying(logger, "Schedule firing", $"{message.MessageId} ({ex.GetType().Name}: {ex.Message})", message.ReceiveCount, options.MaxDeliveries, delay);
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, delay, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
