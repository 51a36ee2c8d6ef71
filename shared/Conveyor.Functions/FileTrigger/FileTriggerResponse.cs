using System.Text.Json.Serialization;

namespace Conveyor.Functions.FileTrigger;

/// <summary>
/// What one FileTrigger invocation did: how many records there were, how many were fully processed, and why the
/// others failed. S3 invokes asynchronously and ignores the response; it is for logs, local invoke and tests.
/// </summary>
public sealed record FileTriggerResponse
{
    /// <summary>True for the <c>s3:TestEvent</c> S3 sends when a notification is configured (nothing is done).</summary>
    [JsonPropertyName("testEvent")]
    public bool TestEvent { get; init; }

    [JsonPropertyName("records")]
    public int Records { get; init; }

    [JsonPropertyName("processed")]
    public int Processed { get; init; }

    [JsonPropertyName("failed")]
    public int Failed => Failures.Count;

    [JsonPropertyName("failures")]
    public IReadOnlyList<FileRecordFailure> Failures { get; init; } = [];
}
