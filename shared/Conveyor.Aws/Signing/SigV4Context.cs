namespace Conveyor.Aws.Signing;

/// <summary>
/// Where and when to sign. <see cref="NormalizePath"/> removes dot segments and duplicate slashes (every service
/// except S3). <see cref="SignBody"/> adds <c>x-amz-content-sha256</c>. <see cref="OmitSessionToken"/> adds the
/// session token after signing instead of signing it (a few services, e.g. IoT, want that).
/// </summary>
public sealed record SigV4Context(
    string Service,
    string Region,
    DateTimeOffset Timestamp,
    bool NormalizePath = true,
    bool SignBody = false,
    bool OmitSessionToken = false);
