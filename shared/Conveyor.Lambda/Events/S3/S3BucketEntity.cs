using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

public sealed record S3BucketEntity
{
    [JsonPropertyName("name")]
    public string Name { get; set; } = "";

    [JsonPropertyName("arn")]
    public string? Arn { get; init; }
}
