using System.Globalization;
using System.Text.Json;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Local.ChangeFeed;

namespace Conveyor.Local.Engine.Events;

/// <summary>
/// Change-feed rows as DynamoDB stream records (NEW_AND_OLD_IMAGES view: a MODIFY carries the old image, from which
/// StreamFanOut derives its notifications); images keep the task JSON shape the local decoder reads.
/// </summary>
public static class StreamRecords
{
    public const string StreamArn = "arn:aws:dynamodb:us-east-1:000000000000:table/conveyor-local-tasks/stream/local";

    public static DynamoDbStreamRecord From(ChangeRecord change)
    {
        ArgumentNullException.ThrowIfNull(change);
        using var keys = JsonDocument.Parse(JsonSerializer.Serialize(new Dictionary<string, string> { ["pk"] = change.Keys.Pk, ["sk"] = change.Keys.Sk }, EngineJsonContext.Default.DictionaryStringString));
        return new DynamoDbStreamRecord
        {
            EventId = change.EventId,
            EventName = change.EventName,
            EventVersion = "1.1",
            EventSource = "aws:dynamodb",
            AwsRegion = "us-east-1",
            EventSourceArn = StreamArn,
            DynamoDb = new DynamoDbStreamChange
            {
                ApproximateCreationDateTime = change.ApproximateCreationTime.ToUnixTimeMilliseconds() / 1000.0,
                Keys = keys.RootElement.Clone(),
                NewImage = change.NewImage,
                OldImage = change.OldImage,
                SequenceNumber = change.SequenceNumber,
                StreamViewType = "NEW_AND_OLD_IMAGES",
            },
        };
    }

    /// <summary>The change-feed sequence of a stream record's sequence number.</summary>
    public static long SequenceOf(string sequenceNumber) => long.Parse(sequenceNumber, NumberStyles.None, CultureInfo.InvariantCulture);
}
