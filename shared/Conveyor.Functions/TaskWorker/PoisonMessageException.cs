namespace Conveyor.Functions.TaskWorker;

/// <summary>A task-queue message whose body is not <c>{pk, sk, tenant, type}</c>; it is reported failed and ends in the DLQ.</summary>
public sealed class PoisonMessageException : FormatException
{
    public PoisonMessageException() : base("The message is not a task-queue message.") { }

    public PoisonMessageException(string message) : base(message) { }

    public PoisonMessageException(string message, Exception innerException) : base(message, innerException) { }
}
