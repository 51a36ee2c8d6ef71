namespace Conveyor.Aws.Signing;

/// <summary>
/// A transport-neutral request to sign. <see cref="Path"/> is the path exactly as it goes on the wire (already
/// percent-encoded, if at all); <see cref="Query"/> holds decoded names and values; <see cref="Headers"/> keeps
/// every header line to sign in order (a repeated name is repeated). <see cref="Body"/> is hashed.
/// </summary>
public sealed record SigningRequest(
    string Method,
    string Path,
    IReadOnlyList<KeyValuePair<string, string>> Query,
    IReadOnlyList<KeyValuePair<string, string>> Headers,
    ReadOnlyMemory<byte> Body);
