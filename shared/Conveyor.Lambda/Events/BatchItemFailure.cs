using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events;

/// <summary>One failed record: the SQS <c>messageId</c> or the DynamoDB stream <c>SequenceNumber</c>.</summary>
public sealed record BatchItemFailure(
    [property: JsonPropertyName("itemIdentifier")] string ItemIdentifier);
