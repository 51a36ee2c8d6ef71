using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.Sqs;

/// <summary>A batch of SQS messages delivered by an event source mapping. Answer with a <see cref="BatchResponse"/>.</summary>
public sealed record SqsEvent
{
    [JsonPropertyName("Records")]
    public IReadOnlyList<SqsMessage> Records { get; set; } = [];
}
