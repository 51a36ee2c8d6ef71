using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.ChangeFeed;

/// <summary>
/// One change-feed entry, shaped like a DynamoDB stream record (NEW_IMAGE view): <see cref="EventName"/> INSERT or
/// MODIFY, <see cref="Keys"/> (pk, sk), <see cref="NewImage"/> (the task JSON) and a <see cref="Sequence"/> that only grows.
/// MODIFY records are written for status changes only, with <see cref="OldStatus"/>.
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
    /// <summary>A stable event id (the stream's <c>eventID</c>), unique per record.</summary>
    public string EventId => $"local-{Sequence}";

    /// <summary>The sequence as DynamoDB writes it: a zero-padded decimal string that sorts like the number.</summary>
    public string SequenceNumber => Sequence.ToString("D21", System.Globalization.CultureInfo.InvariantCulture);
}
