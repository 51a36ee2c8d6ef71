namespace Conveyor.Functions.ScheduleTarget;

/// <summary>A schedule fired a payload whose <c>type</c> is neither <c>command</c> nor <c>task</c>; it can never succeed.</summary>
public sealed class UnknownSchedulePayloadException : Exception
{
    public UnknownSchedulePayloadException() : base("The schedule payload type is unknown.") { }

    public UnknownSchedulePayloadException(string message) : base(message) { }

    public UnknownSchedulePayloadException(string message, Exception innerException) : base(message, innerException) { }

    /// <summary>The <c>type</c> that arrived (null when absent or not a string).</summary>
    public string? PayloadType { get; init; }
}
