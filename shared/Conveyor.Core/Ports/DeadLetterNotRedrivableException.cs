namespace Conveyor.Core.Ports;

/// <summary>A re-drive was asked for a dead letter that has no source queue to go back to; the message says why.</summary>
public sealed class DeadLetterNotRedrivableException : Exception
{
    public DeadLetterNotRedrivableException() : base("The dead letter cannot be re-driven.") { }

    public DeadLetterNotRedrivableException(string message) : base(message) { }

    public DeadLetterNotRedrivableException(string message, Exception innerException) : base(message, innerException) { }
}
