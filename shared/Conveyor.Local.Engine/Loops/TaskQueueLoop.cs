using Conveyor.Functions.Hosting;
using Conveyor.Functions.Invocation;
using Conveyor.Functions.TaskWorker;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Local.Engine.Events;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The local SQS event source mapping of TaskWorker: <see cref="EngineOptions.Workers"/> pollers each receive a small batch,
/// invoke the handler with it as an SQS event, delete the messages the partial batch response reports as succeeded and
/// leave the failed ones to reappear after the visibility timeout (the queue dead-letters them after maxReceiveCount).
/// On shutdown, messages not yet processed are made visible again at once.
/// </summary>
public sealed class TaskQueueLoop(TaskWorkerHandler handler, EngineQueues queues, EngineSignals signals, EngineOptions options, ILogger<TaskQueueLoop> logger)
    : PollingLoop("task queue", logger)
{
    private const int BatchSize = 5;

    public static string FunctionName => TaskWorkerHandler.Function.LocalName;

    public override FunctionTrigger? Trigger => FunctionTrigger.Sqs;

    protected override TimeSpan ErrorDelay => options.PollInterval;

    /// <summary><see cref="EngineOptions.Workers"/> pollers.</summary>
    public override Task RunAsync(StopTokens stop) =>
        Task.WhenAll(Enumerable.Range(0, options.Workers).Select(_ => Task.Run(() => PollAsync(stop), CancellationToken.None)));

    protected override async Task PollOnceAsync(StopTokens stop)
    {
        var queue = queues.Tasks;
        var messages = await queue.ReceiveAsync(BatchSize, null, stop.Intake).ConfigureAwait(false);
        if (messages.Count == 0)
        {
            await signals.TaskQueue.WaitAsync(options.PollInterval, stop.Intake).ConfigureAwait(false);
            return;
        }

        var records = messages.Select(m => SqsMessages.From(m, queue.Name)).ToList();
        var failed = new HashSet<string>(StringComparer.Ordinal);
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        try
        {
            var context = InProcessLambdaContext.Create(FunctionName, options.VisibilityTimeout, cancellationToken: stop.Work);
            var response = await handler.HandleAsync(new SqsEvent { Records = records }, context, stop.Work).ConfigureAwait(false);
            failed.UnionWith(response.BatchItemFailures.Select(f => f.ItemIdentifier));
        }
#pragma warning disable CA1031 // A failed invocation fails the whole batch; the messages come back after the visibility timeout.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            LoopLog.Unexpected(logger, ex, "task queue invocation", ex.GetType().Name);
            failed.UnionWith(records.Select(r => r.MessageId));
        }
        finally
        {
            EngineMetrics.Invoked(FunctionName, started);
        }

        // The succeeded messages go in one transaction.
        await queue.DeleteBatchAsync(messages.Where(m => !failed.Contains(m.MessageId)).Select(m => m.ReceiptHandle).ToList(), CancellationToken.None).ConfigureAwait(false);
        if (stop.Work.IsCancellationRequested)
        {
            // Interrupted by the shutdown, not failed: visible again for the next start.
            foreach (var message in messages.Where(m => failed.Contains(m.MessageId)))
            {
                await queue.ChangeVisibilityAsync(message.ReceiptHandle, TimeSpan.Zero, CancellationToken.None).ConfigureAwait(false);
            }
        }
    }
}
