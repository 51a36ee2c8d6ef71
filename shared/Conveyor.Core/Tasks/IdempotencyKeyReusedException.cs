namespace Conveyor.Core.Tasks;

/// <summary>
/// An idempotency key came back with a different request (type, name or input) than the one that created
/// <see cref="Existing"/>: the retry is not a retry, and answering with the first task would silently drop the new one.
/// </summary>
public sealed class IdempotencyKeyReusedException : Exception
{
    public IdempotencyKeyReusedException() : base("The idempotency key was used for a different request.") { }

    public IdempotencyKeyReusedException(string message) : base(message) { }

    public IdempotencyKeyReusedException(string message, Exception innerException) : base(message, innerException) { }

    public IdempotencyKeyReusedException(TaskKey existing, string difference)
        : base($"This Idempotency-Key already created task {existing.Id} from a different request ({difference}); use a new key for a new request.")
    {
        Existing = existing;
    }

    public TaskKey? Existing { get; }
}
