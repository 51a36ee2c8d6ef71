using System.Net;
using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events.S3;

/// <summary>
/// The object of a record. <see cref="Key"/> is exactly as S3 sends it: form-URL-encoded (<c>+</c> is a space, then
/// percent-escapes). Use <see cref="DecodedKey"/> for the real object key.
/// </summary>
public sealed record S3ObjectEntity
{
    [JsonPropertyName("key")]
    public string Key { get; set; } = "";

    /// <summary>Absent on delete events.</summary>
    [JsonPropertyName("size")]
    public long? Size { get; init; }

    [JsonPropertyName("eTag")]
    public string? ETag { get; init; }

    [JsonPropertyName("versionId")]
    public string? VersionId { get; init; }

    /// <summary>Orders events for the same key (hexadecimal; compare after left-padding to equal length).</summary>
    [JsonPropertyName("sequencer")]
    public string? Sequencer { get; init; }

    /// <summary>The object key with the form-URL encoding undone (<c>a+b%C3%A9.csv</c> → <c>a bé.csv</c>).</summary>
    [JsonIgnore]
    public string DecodedKey => WebUtility.UrlDecode(Key);
}
