namespace Conveyor.Aws.Signing;

/// <summary>
/// The outcome of signing: the intermediate strings (for tests and debugging), the signature, and the headers
/// (header signing) or query parameters (presigning) to add to the request.
/// </summary>
public sealed record SigV4Result(
    string CanonicalRequest,
    string StringToSign,
    string Signature,
    string SignedHeaders,
    IReadOnlyList<KeyValuePair<string, string>> HeadersToAdd,
    IReadOnlyList<KeyValuePair<string, string>> QueryToAdd)
{
    /// <summary>The <c>Authorization</c> header value (header signing); null for presigned requests.</summary>
    public string? Authorization =>
        HeadersToAdd.FirstOrDefault(h => h.Key == SigV4Signer.AuthorizationHeader).Value;
}
