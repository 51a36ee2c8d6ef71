namespace Conveyor.Functions.ScheduleTarget;

/// <summary>
/// A schedule fired a payload whose <c>type</c> this host does not handle: neither <c>command</c>, <c>task</c> nor
/// <c>reconcile-workflows</c> (which needs a durable execution service); it can never succeed here.
/// </summary>
public sealed class UnknownSchedulePayloadException : Exception
{
    public UnknownSchedulePayloadException() : base("The schedule payload type is unknown.") { }

    public UnknownSchedulePayloadException(string message) : base(message) { }

    public UnknownSchedulePayloadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The <c>type</c> that arrived (null when absent or not a string).</summary>
    public string? PayloadType { get; init; }
}
