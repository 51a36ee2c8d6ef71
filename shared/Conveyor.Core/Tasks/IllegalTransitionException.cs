namespace Conveyor.Core.Tasks;

/// <summary>Thrown for every move the transition table does not allow, including any move out of a terminal status.</summary>
public sealed class IllegalTransitionException : InvalidOperationException
{
    public IllegalTransitionException(TaskKey key, TrackedTaskStatus from, TrackedTaskStatus to)
        : base($"Task {key.Id} cannot move from {from.ToWireName()} to {to.ToWireName()}.")
    {
        Key = key;
        From = from;
        To = to;
    }

    public IllegalTransitionException() : base("Illegal task status transition.") { }

    public IllegalTransitionException(string message) : base(message) { }

    public IllegalTransitionException(string message, Exception innerException) : base(message, innerException) { }

    public TaskKey? Key { get; }

    public TrackedTaskStatus? From { get; }

    public TrackedTaskStatus? To { get; }
}
