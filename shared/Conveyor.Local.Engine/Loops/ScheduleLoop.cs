using System.Buffers;
using System.Globalization;
using System.Text.Json;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Local.Queue;
using Conveyor.Local.Scheduling;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The local EventBridge Scheduler: <see cref="LocalScheduler"/> writes each due firing to the schedule queue (missed
/// firings while the engine was down are coalesced into one, see its remarks), and this loop delivers each firing to
/// <see cref="ScheduleTargetHandler"/> with <c>scheduleName</c> and <c>scheduledTime</c> added to the payload, as the AWS
/// target input does. A failed delivery is retried with backoff and dead-lettered by the queue after MaxDeliveries.
/// </summary>
public sealed class ScheduleLoop(
    LocalScheduler scheduler,
    ScheduleTargetHandler handler,
    EngineQueues queues,
    EngineSignals signals,
    EngineOptions options,
    ILogger<ScheduleLoop> logger)
{
    public const string FunctionName = "conveyor-local-schedule-target";
    private static readonly TimeSpan TimerInterval = TimeSpan.FromSeconds(1);

    public Task RunAsync(StopTokens stop) => Task.WhenAll(
        Task.Run(() => TimerAsync(stop), CancellationToken.None),
        Task.Run(() => DeliverAsync(stop), CancellationToken.None));

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

    private async Task TimerAsync(StopTokens stop)
    {
        while (!stop.Intake.IsCancellationRequested)
        {
            try
            {
                var fired = await scheduler.FireDueAsync(stop.Intake).ConfigureAwait(false);
                foreach (var firing in fired)
                {
                    LoopLog.ScheduleFired(logger, firing.Name, firing.ScheduledTime);
                }

                if (fired.Count > 0)
                {
                    signals.ScheduleEvents.Ring();
                }

                await Task.Delay(TimerInterval, stop.Intake).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.Intake.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any single failure; it logs and polls again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LoopLog.Unexpected(logger, ex, "scheduler", ex.GetType().Name);
                await Task.Delay(TimerInterval, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverAsync(StopTokens stop)
    {
        var queue = queues.ScheduleEvents;
        while (!stop.Intake.IsCancellationRequested)
        {
            try
            {
                var messages = await queue.ReceiveAsync(10, null, stop.Intake).ConfigureAwait(false);
                if (messages.Count == 0)
                {
                    await signals.ScheduleEvents.WaitAsync(options.PollInterval * 4, stop.Intake).ConfigureAwait(false);
                    continue;
                }

                foreach (var message in messages)
                {
                    await DeliverOneAsync(queue, message, stop.Work).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stop.Intake.IsCancellationRequested)
            {
                break;
            }
#pragma warning disable CA1031 // The loop must outlive any single failure; it logs and polls again.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                LoopLog.Unexpected(logger, ex, "schedule delivery", ex.GetType().Name);
                await Task.Delay(options.PollInterval, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }

    private async Task DeliverOneAsync(SqliteQueue queue, QueueMessage message, CancellationToken cancellationToken)
    {
        try
        {
            var input = TargetInput(LocalScheduler.Parse(message.Body));
            var context = InProcessLambdaContext.Create(FunctionName, TimeSpan.FromMinutes(1), cancellationToken: cancellationToken);
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
            var delay = Backoff.For(message.ReceiveCount);
            LoopLog.Retrying(logger, "Schedule firing", $"{message.MessageId} ({ex.GetType().Name}: {ex.Message})", message.ReceiveCount, options.MaxDeliveries, delay);
            await queue.ChangeVisibilityAsync(message.ReceiptHandle, delay, CancellationToken.None).ConfigureAwait(false);
        }
    }
}
