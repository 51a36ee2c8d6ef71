namespace Conveyor.Local.Durable;

/// <summary>
/// The members of an execution's record its start fixes, beside the ARN, name and function the header row keeps in
/// columns (<c>durable_execution_headers.header</c>): written once, never by a checkpoint.
/// </summary>
internal sealed class DurableExecutionHeader
{
    public string? InputPayload { get; set; }

    public DateTimeOffset StartedAt { get; set; }

    public DateTimeOffset? TimeoutAt { get; set; }

    public string? ParentArn { get; set; }

    public string? ParentOperationId { get; set; }
}
