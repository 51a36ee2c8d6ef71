using Conveyor.Durable.Service;

namespace Conveyor.Local.Durable;

/// <summary>
/// An execution to start, with the JSON of its rows (header, state) serialized once, before its write
/// transaction: the transaction (the one write turn every writer waits for) then only runs the statements. Each run of
/// the write (a batch written again runs every write again) is given a fresh record from <see cref="NewRecord"/>, so a
/// record changed by a later write of a batch that was rolled back is never stored.
/// </summary>
internal sealed class DurableNewExecution
{
    private readonly Func<DurableExecutionRecord> _create;

    /// <param name="create">Makes the new record; called again for every run of the write, it must make the same one each time.</param>
    /// <param name="taskId">The Conveyor task tracking the execution, if any.</param>
    public DurableNewExecution(Func<DurableExecutionRecord> create, string? taskId)
    {
        _create = create;
        TaskId = taskId;
        var record = create();
        Arn = record.Arn;
        Name = record.Name;
        FunctionName = record.FunctionName;
        Status = record.Status;
        StartedAt = DurableRecordStore.Instant(record.StartedAt);
        Header = DurableExecutionRows.Header(record);
        State = DurableExecutionRows.State(record);
    }

    public string Arn { get; }

    public string Name { get; }

    public string FunctionName { get; }

    public string Status { get; }

    public string? TaskId { get; }

    /// <summary>The start time as the rows store it.</summary>
    public string StartedAt { get; }

    /// <summary>The header row's JSON.</summary>
    public string Header { get; }

    /// <summary>The state row's JSON.</summary>
    public string State { get; }

    /// <summary>The record as its rows hold it (a new instance every call).</summary>
    public DurableExecutionRecord NewRecord() => _create();
}
