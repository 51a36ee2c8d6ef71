using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.DynamoDb;

/// <summary>
/// The <c>dynamodb</c> part of a stream record. Keys and images stay raw AttributeValue JSON
/// (<c>{"pk":{"S":"…"},"version":{"N":"1"}}</c>) so the AWS adapter's decoder reads them; this library does not
/// interpret DynamoDB types.
/// </summary>
public sealed record DynamoDbStreamChange
{
    /// <summary>Unix epoch seconds (DynamoDB sends a number, possibly fractional).</summary>
    [JsonPropertyName("ApproximateCreationDateTime")]
    public double? ApproximateCreationDateTime { get; init; }

    [JsonPropertyName("Keys")]
    public JsonElement? Keys { get; init; }

    [JsonPropertyName("NewImage")]
    public JsonElement? NewImage { get; init; }

    [JsonPropertyName("OldImage")]
    public JsonElement? OldImage { get; init; }

    /// <summary>The record's position in its shard; the item identifier of a batch failure.</summary>
    [JsonPropertyName("SequenceNumber")]
    public string SequenceNumber { get; set; } = "";

    [JsonPropertyName("SizeBytes")]
    public long? SizeBytes { get; init; }

    [JsonPropertyName("StreamViewType")]
    public string? StreamViewType { get; init; }
}
