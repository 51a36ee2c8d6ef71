using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.ChangeFeed;

/// <summary>
/// One change-feed entry, shaped like a DynamoDB stream record (NEW_AND_OLD_IMAGES view): <see cref="EventName"/> INSERT
/// or MODIFY, <see cref="Keys"/> (pk, sk), <see cref="NewImage"/> (the task JSON) and a <see cref="Sequence"/> that only
/// grows. Like a stream, every update is recorded as a MODIFY, with <see cref="OldStatus"/> and <see cref="OldImage"/>.
/// </summary>
public sealed record ChangeRecord(
    long Sequence,
    string EventName,
    TaskKey Keys,
    string? OldStatus,
    string NewStatus,
    JsonElement NewImage,
    DateTimeOffset ApproximateCreationTime)
{
    /// <summary>The row before the write (task JSON) of a MODIFY; null for an INSERT (and for MODIFY rows of a pre-v2 database).</summary>
    public JsonElement? OldImage { get; init; }

    /// <summary>A stable event id (the stream's <c>eventID</c>), unique per record.</summary>
    public string EventId => $"local-{Sequence}";

    /// <summary>The sequence as DynamoDB writes it: a zero-padded decimal string that sorts like the number.</summary>
    public string SequenceNumber => Sequence.ToString("D21", System.Globalization.CultureInfo.InvariantCulture);
}
