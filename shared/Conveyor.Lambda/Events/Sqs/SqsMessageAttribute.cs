using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.Sqs;

/// <summary>A user message attribute (<c>dataType</c> String, Number or Binary; binary values are base64).</summary>
public sealed record SqsMessageAttribute
{
    [JsonPropertyName("stringValue")]
    public string? StringValue { get; init; }

    [JsonPropertyName("binaryValue")]
    public string? BinaryValue { get; init; }

    [JsonPropertyName("stringListValues")]
    public IReadOnlyList<string> StringListValues { get; set; } = [];

    [JsonPropertyName("binaryListValues")]
    public IReadOnlyList<string> BinaryListValues { get; set; } = [];

    [JsonPropertyName("dataType")]
    public string DataType { get; set; } = "String";
}
