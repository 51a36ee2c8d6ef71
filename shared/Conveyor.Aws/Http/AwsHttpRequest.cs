namespace Conveyor.Aws.Http;

/// <summary>
/// One AWS call before signing: <see cref="Path"/> is already percent-encoded (see
/// <see cref="Signing.SigV4Canonicalizer.UriEncode"/>); <see cref="Query"/> holds decoded names and values.
/// </summary>
public sealed record AwsHttpRequest(
    HttpMethod Method,
    string Path,
    string? ContentType = null,
    ReadOnlyMemory<byte> Body = default)
{
    public IReadOnlyList<KeyValuePair<string, string>> Query { get; init; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];
}
