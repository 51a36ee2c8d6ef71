namespace Conveyor.Aws.Signing;

/// <summary>
/// Signs an <see cref="HttpRequestMessage"/> in place with SigV4 headers. Signs <c>host</c>, <c>content-type</c>
/// and every <c>x-amz-*</c> header: the headers AWS requires and nothing a proxy or handler might rewrite.
/// </summary>
public static class HttpRequestSigner
{
    public static async Task<SigV4Result> SignAsync(
        HttpRequestMessage request,
        AwsCredentials credentials,
        SigV4Context context,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var uri = request.RequestUri ?? throw new ArgumentException("The request has no URI.", nameof(request));
        if (!uri.IsAbsoluteUri)
        {
            throw new ArgumentException("The request URI must be absolute to be signed.", nameof(request));
        }

        var headers = new List<KeyValuePair<string, string>> { new("host", uri.Authority) };
        foreach (var header in request.Headers)
        {
            if (header.Key.StartsWith("x-amz-", StringComparison.OrdinalIgnoreCase))
            {
                headers.AddRange(header.Value.Select(v => new KeyValuePair<string, string>(header.Key, v)));
            }
        }

        var body = ReadOnlyMemory<byte>.Empty;
        if (request.Content is not null)
        {
            body = await request.Content.ReadAsByteArrayAsync(cancellationToken);
            if (request.Content.Headers.ContentType is { } contentType)
            {
                headers.Add(new("content-type", contentType.ToString()));
            }
        }

        var signing = new SigningRequest(request.Method.Method, uri.AbsolutePath, ParseQuery(uri.Query), headers, body);
        var result = SigV4Signer.Sign(signing, credentials, context);
        foreach (var (name, value) in result.HeadersToAdd)
        {
            request.Headers.Remove(name);
            request.Headers.TryAddWithoutValidation(name, value);
        }

        return result;
    }

    /// <summary>Decodes <c>?a=1&amp;b=</c> into pairs (percent-decoding only: our senders never use <c>+</c> for space).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> ParseQuery(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        var trimmed = query.StartsWith('?') ? query[1..] : query;
        if (trimmed.Length == 0)
        {
            return [];
        }

        return trimmed.Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Select(pair =>
            {
                var eq = pair.IndexOf('=', StringComparison.Ordinal);
                return eq < 0
                    ? new KeyValuePair<string, string>(Uri.UnescapeDataString(pair), string.Empty)
                    : new KeyValuePair<string, string>(Uri.UnescapeDataString(pair[..eq]), Uri.UnescapeDataString(pair[(eq + 1)..]));
            })
            .ToList();
    }
}
