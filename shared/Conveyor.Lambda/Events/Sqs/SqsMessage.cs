using System.Globalization;
using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.Sqs;

/// <summary>One SQS message. Report a failure for it by its <see cref="MessageId"/>.</summary>
public sealed record SqsMessage
{
    [JsonPropertyName("messageId")]
    public string MessageId { get; set; } = "";

    [JsonPropertyName("receiptHandle")]
    public string? ReceiptHandle { get; init; }

    [JsonPropertyName("body")]
    public string Body { get; set; } = "";

    /// <summary>System attributes: <c>ApproximateReceiveCount</c>, <c>SentTimestamp</c>, <c>MessageGroupId</c>, …</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; set; } = new Dictionary<string, string>();

    [JsonPropertyName("messageAttributes")]
    public IReadOnlyDictionary<string, SqsMessageAttribute> MessageAttributes { get; set; } =
        new Dictionary<string, SqsMessageAttribute>();

    [JsonPropertyName("md5OfBody")]
    public string? Md5OfBody { get; init; }

    [JsonPropertyName("eventSource")]
    public string? EventSource { get; init; }

    [JsonPropertyName("eventSourceARN")]
    public string? EventSourceArn { get; init; }

    [JsonPropertyName("awsRegion")]
    public string? AwsRegion { get; init; }

    /// <summary>How often the message was received, this time included (1 on first delivery).</summary>
    [JsonIgnore]
    public int ApproximateReceiveCount =>
        Attributes.TryGetValue("ApproximateReceiveCount", out var text)
        && int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 1;

    /// <summary>Set on FIFO queues only.</summary>
    [JsonIgnore]
    public string? MessageGroupId => Attributes.TryGetValue("MessageGroupId", out var id) ? id : null;

    /// <summary>True when the message came from a FIFO queue (its ARN ends in <c>.fifo</c>).</summary>
    [JsonIgnore]
    public bool IsFromFifoQueue => EventSourceArn?.EndsWith(".fifo", StringComparison.Ordinal) == true;
}
