using System.Collections.Concurrent;
using Conveyor.Core.Ports;

namespace Conveyor.Core.Testing;

/// <summary>A dead-letter queue in memory: <see cref="Letters"/> keeps every dead letter in arrival order; <see cref="Failure"/> makes the next sends fail.</summary>
public sealed class InMemoryDeadLetterQueue : IDeadLetterQueue
{
    private readonly ConcurrentQueue<DeadLetter> _letters = new();

    public IReadOnlyList<DeadLetter> Letters => _letters.ToArray();

    /// <summary>When set, every send throws it (a dead-letter queue that cannot be reached).</summary>
    public Exception? Failure { get; set; }

    public Task DeadLetterAsync(DeadLetter letter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(letter);
        cancellationToken.ThrowIfCancellationRequested();
        if (Failure is { } failure)
        {
            return Task.FromException(failure);
        }

        _letters.Enqueue(letter);
        return Task.CompletedTask;
    }
}
