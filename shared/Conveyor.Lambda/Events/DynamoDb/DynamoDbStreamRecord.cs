using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.DynamoDb;

/// <summary>One stream record; <see cref="EventName"/> is <c>INSERT</c>, <c>MODIFY</c> or <c>REMOVE</c>.</summary>
public sealed record DynamoDbStreamRecord
{
    public const string Insert = "INSERT";
    public const string Modify = "MODIFY";
    public const string Remove = "REMOVE";

    [JsonPropertyName("eventID")]
    public string EventId { get; set; } = "";

    [JsonPropertyName("eventName")]
    public string EventName { get; set; } = "";

    [JsonPropertyName("eventVersion")]
    public string? EventVersion { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    [JsonPropertyName("dynamodb")]
    public DynamoDbStreamChange DynamoDb { get; set; } = new();
}
