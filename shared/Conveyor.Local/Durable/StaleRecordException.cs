namespace Conveyor.Local.Durable;

/// <summary>
/// A durable execution's row is no longer at the version the record held in memory was read or written at: another
/// process wrote it. The transaction is rolled back and the <see cref="DurableWriteQueue"/> writes its batch again,
/// reading every record from the file.
/// </summary>
internal sealed class StaleRecordException(string arn)
    : Exception($"The durable execution {arn} was written by another process since this one read it.")
{
    public string Arn { get; } = arn;
}
