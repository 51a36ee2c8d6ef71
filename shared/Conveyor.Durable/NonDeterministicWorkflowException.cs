namespace Conveyor.Durable;

/// <summary>
/// On replay the workflow asked for a different operation than the one checkpointed at the same position (another
/// type, sub-type or name): its code or its inputs are not deterministic. The execution fails with this error rather
/// than replaying results into the wrong operations.
/// </summary>
public sealed class NonDeterministicWorkflowException : Exception
{
    public NonDeterministicWorkflowException()
    {
    }

    public NonDeterministicWorkflowException(string message)
        : base(message)
    {
    }

    public NonDeterministicWorkflowException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
