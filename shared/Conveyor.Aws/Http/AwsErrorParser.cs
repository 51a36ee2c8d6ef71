using System.Net;
using System.Text;
using System.Text.Json;
using System.Xml;
using System.Xml.Linq;

namespace Conveyor.Aws.Http;

/// <summary>
/// Parses AWS error bodies: JSON (<c>__type</c>/<c>code</c> and <c>message</c>/<c>Message</c>, or the
/// <c>x-amzn-ErrorType</c> header of REST-JSON services) and query-protocol XML
/// (<c>&lt;ErrorResponse&gt;&lt;Error&gt;&lt;Code/&gt;&lt;Message/&gt;&lt;/Error&gt;&lt;RequestId/&gt;</c>).
/// Anything else (empty, HTML, truncated) becomes status-based details with a snippet of the body: never a crash.
/// </summary>
public static class AwsErrorParser
{
    public const int SnippetLength = 200;

    public static AwsErrorDetails Parse(HttpStatusCode status, ReadOnlySpan<byte> body, string? errorTypeHeader = null, string? requestIdHeader = null)
    {
        var headerCode = StripErrorCode(errorTypeHeader);
        var text = Encoding.UTF8.GetString(body).Trim();
        var parsed = text.Length switch
        {
            0 => null,
            _ when text[0] == '{' => TryParseJson(text, status),
            _ when text[0] == '<' => TryParseXml(text, status),
            _ => null,
        };

        if (parsed is null)
        {
            return new AwsErrorDetails(
                headerCode ?? FallbackCode(status),
                text.Length == 0
                    ? $"HTTP {(int)status} {status} with an empty body."
                    : $"HTTP {(int)status} {status} with a body that is not an AWS error: {Snippet(text)}",
                status,
                requestIdHeader,
                text.Length == 0 ? null : Snippet(text));
        }

        return parsed with
        {
            ErrorCode = headerCode ?? parsed.ErrorCode,
            RequestId = parsed.RequestId ?? requestIdHeader,
        };
    }

    /// <summary><c>com.amazonaws.states#ExecutionAlreadyExists</c> or <c>Foo:http://internal...</c> → the bare code.</summary>
    public static string? StripErrorCode(string? raw)
    {
        if (string.IsNullOrWhiteSpace(raw))
        {
            return null;
        }

        var code = raw.Trim();
        var colon = code.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            code = code[..colon];
        }

        var hash = code.LastIndexOf('#');
        if (hash >= 0)
        {
            code = code[(hash + 1)..];
        }

        return code.Length == 0 ? null : code;
    }

    private static AwsErrorDetails? TryParseJson(string text, HttpStatusCode status)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return null;
            }

            var root = document.RootElement;
            var code = StripErrorCode(StringProperty(root, "__type") ?? StringProperty(root, "code") ?? StringProperty(root, "Code"));
            var message = StringProperty(root, "message") ?? StringProperty(root, "Message") ?? StringProperty(root, "errorMessage");
            if (code is null && message is null)
            {
                return null;
            }

            return new AwsErrorDetails(code ?? FallbackCode(status), message ?? string.Empty, status);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static AwsErrorDetails? TryParseXml(string text, HttpStatusCode status)
    {
        try
        {
            using var reader = XmlReader.Create(new StringReader(text), new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            var document = XDocument.Load(reader);
            var error = document.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            if (error is null)
            {
                return null;
            }

            var code = StripErrorCode(Child(error, "Code"));
            var message = Child(error, "Message") ?? string.Empty;
            var requestId = document.Descendants().FirstOrDefault(e => e.Name.LocalName is "RequestId" or "RequestID")?.Value;
            return code is null ? null : new AwsErrorDetails(code, message, status, string.IsNullOrEmpty(requestId) ? null : requestId);
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private static string? Child(XElement parent, string localName) =>
        parent.Elements().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;

    private static string? StringProperty(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string FallbackCode(HttpStatusCode status) => status switch
    {
        HttpStatusCode.TooManyRequests => "TooManyRequestsException",
        HttpStatusCode.ServiceUnavailable => "ServiceUnavailable",
        _ => $"Http{(int)status}",
    };

    private static string Snippet(string text) => text.Length <= SnippetLength ? text : text[..SnippetLength] + "…";
}
