using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.DynamoDb;

/// <summary>A batch of DynamoDB stream records. Answer with a <see cref="BatchResponse"/> keyed by sequence number.</summary>
public sealed record DynamoDbStreamEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<DynamoDbStreamRecord> Records { get; set; } = [];
}
