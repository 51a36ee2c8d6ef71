using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Aws.Signing;

/// <summary>
/// AWS Signature Version 4 (AWS4-HMAC-SHA256) over a <see cref="SigningRequest"/>: header signing
/// (<see cref="Sign"/>) and presigned query strings (<see cref="Presign"/>). Pure: no clock, no I/O.
/// </summary>
public static class SigV4Signer
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string AuthorizationHeader = "Authorization";
    public const string DateHeader = "X-Amz-Date";
    public const string SecurityTokenHeader = "X-Amz-Security-Token";
    public const string ContentSha256Header = "x-amz-content-sha256";

    /// <summary>Signs with headers: returns X-Amz-Date, the session token (if any), and Authorization to add.</summary>
    public static SigV4Result Sign(SigningRequest request, AwsCredentials credentials, SigV4Context context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(context);

        var amzDate = AmzDate(context.Timestamp);
        var payloadHash = HexSha256(request.Body.Span);
        var added = new List<KeyValuePair<string, string>> { new(DateHeader, amzDate) };
        var token = credentials.SessionToken;
        if (token is not null && !context.OmitSessionToken)
        {
            added.Add(new(SecurityTokenHeader, token));
        }

        if (context.SignBody)
        {
            added.Add(new(ContentSha256Header, payloadHash));
        }

        var headers = SigV4Canonicalizer.CanonicalHeaders(request.Headers.Concat(added));
        var signedHeaders = string.Join(';', headers.Select(h => h.Key));
        var canonicalRequest = CanonicalRequest(request, context, SigV4Canonicalizer.CanonicalQuery(request.Query), headers, signedHeaders, payloadHash);
        var scope = CredentialScope(context);
        var stringToSign = StringToSign(amzDate, scope, canonicalRequest);
        var signature = Signature(credentials.SecretAccessKey, context, stringToSign);

        if (token is not null && context.OmitSessionToken)
        {
            added.Add(new(SecurityTokenHeader, token));
        }

        added.Add(new(
            AuthorizationHeader,
            $"{Algorithm} Credential={credentials.AccessKeyId}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}"));
        return new SigV4Result(canonicalRequest, stringToSign, signature, signedHeaders, added, []);
    }

    /// <summary>Presigns with query parameters valid for <paramref name="expiresIn"/>; returns the parameters to add.</summary>
    public static SigV4Result Presign(SigningRequest request, AwsCredentials credentials, SigV4Context context, TimeSpan expiresIn)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(credentials);
        ArgumentNullException.ThrowIfNull(context);

        var amzDate = AmzDate(context.Timestamp);
        var scope = CredentialScope(context);
        var headers = SigV4Canonicalizer.CanonicalHeaders(request.Headers);
        var signedHeaders = string.Join(';', headers.Select(h => h.Key));
        var added = new List<KeyValuePair<string, string>>
        {
            new("X-Amz-Algorithm", Algorithm),
            new("X-Amz-Credential", $"{credentials.AccessKeyId}/{scope}"),
            new("X-Amz-Date", amzDate),
            new("X-Amz-Expires", ((long)expiresIn.TotalSeconds).ToString(CultureInfo.InvariantCulture)),
            new("X-Amz-SignedHeaders", signedHeaders),
        };
        var token = credentials.SessionToken;
        if (token is not null && !context.OmitSessionToken)
        {
            added.Add(new("X-Amz-Security-Token", token));
        }

        var query = SigV4Canonicalizer.CanonicalQuery(request.Query.Concat(added));
        var canonicalRequest = CanonicalRequest(request, context, query, headers, signedHeaders, HexSha256(request.Body.Span));
        var stringToSign = StringToSign(amzDate, scope, canonicalRequest);
        var signature = Signature(credentials.SecretAccessKey, context, stringToSign);
        if (token is not null && context.OmitSessionToken)
        {
            added.Add(new("X-Amz-Security-Token", token));
        }

        added.Add(new("X-Amz-Signature", signature));
        return new SigV4Result(canonicalRequest, stringToSign, signature, signedHeaders, [], added);
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").</summary>
    public static byte[] DeriveSigningKey(string secretAccessKey, string date, string region, string service)
    {
        ArgumentNullException.ThrowIfNull(secretAccessKey);
        var key = HMACSHA256.HashData(Encoding.UTF8.GetBytes("AWS4" + secretAccessKey), Encoding.UTF8.GetBytes(date));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(region));
        key = HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(service));
        return HMACSHA256.HashData(key, "aws4_request"u8);
    }

    public static string HexSha256(ReadOnlySpan<byte> data) => Convert.ToHexStringLower(SHA256.HashData(data));

    public static string AmzDate(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture);

    private static string CanonicalRequest(
        SigningRequest request,
        SigV4Context context,
        string canonicalQuery,
        IReadOnlyList<KeyValuePair<string, string>> headers,
        string signedHeaders,
        string payloadHash)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method.ToUpperInvariant()).Append('\n');
        builder.Append(SigV4Canonicalizer.CanonicalPath(request.Path, context.NormalizePath)).Append('\n');
        builder.Append(canonicalQuery).Append('\n');
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(value).Append('\n');
        }

        builder.Append('\n').Append(signedHeaders).Append('\n').Append(payloadHash);
        return builder.ToString();
    }

    private static string CredentialScope(SigV4Context context) =>
        $"{DateStamp(context.Timestamp)}/{context.Region}/{context.Service}/aws4_request";

    private static string StringToSign(string amzDate, string scope, string canonicalRequest) =>
        $"{Algorithm}\n{amzDate}\n{scope}\n{HexSha256(Encoding.UTF8.GetBytes(canonicalRequest))}";

    private static string Signature(string secret, SigV4Context context, string stringToSign)
    {
        var key = DeriveSigningKey(secret, DateStamp(context.Timestamp), context.Region, context.Service);
        return Convert.ToHexStringLower(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));
    }

    private static string DateStamp(DateTimeOffset timestamp) =>
        timestamp.UtcDateTime.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
}
