using Conveyor.Core.Ports;
using Conveyor.Local.Queue;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// How a loop gives up on a message after its last delivery failed: it dead-letters the message itself with the failure
/// as its cause (<see cref="DeadLetter"/> attributes), in one write, instead of leaving the queue's own redrive to move
/// it without one on the next receive.
/// </summary>
internal static class QueueGiveUp
{
    public static async Task GiveUpAsync(this SqliteQueue queue, QueueMessage message, Exception failure, string source, ILogger logger)
    {
        await queue.DeadLetterAsync(
            new DeadLetter(message.MessageId, message.Body, queue.Name, message.ReceiveCount, failure.GetType().Name, failure.Message),
            CancellationToken.None).ConfigureAwait(false);
        LoopLog.DeadLettered(logger, source, $"{message.MessageId} ({failure.GetType().Name}: {failure.Message})", message.ReceiveCount, queue.Options.EffectiveDeadLetterQueueName);
    }
}
