namespace Conveyor.Core.Workflows;

/// <summary>An execution name is already used by an execution another task tracks (another tenant's, or another workflow's).</summary>
public sealed class ExecutionNameTakenException : Exception
{
    public ExecutionNameTakenException() : base("The execution name is already used.") { }

    public ExecutionNameTakenException(string message) : base(message) { }

    public ExecutionNameTakenException(string message, Exception innerException) : base(message, innerException) { }
}
