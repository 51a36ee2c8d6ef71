namespace Conveyor.Durable;

/// <summary>A callback created by a workflow: give <see cref="CallbackId"/> to the outside world, then await the answer.</summary>
public interface IDurableCallback<T>
{
    string CallbackId { get; }

    /// <summary>The answer; suspends the workflow until it arrives.</summary>
    /// <exception cref="DurableOperationFailedException">The callback was failed or timed out.</exception>
    Task<T> GetResultAsync(CancellationToken cancellationToken = default);
}
