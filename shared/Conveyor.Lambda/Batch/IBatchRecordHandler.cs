namespace Conveyor.Lambda.Batch;

/// <summary>Handles one record of a batch. Throw to mark the record failed; the others still run.</summary>
public interface IBatchRecordHandler<in TRecord>
{
    Task HandleAsync(TRecord record, CancellationToken cancellationToken);
}
