using System.Text;
using System.Xml;
using System.Xml.Linq;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Http;

/// <summary>
/// The AWS query protocol (SNS): <c>POST /</c> with a form-URL-encoded body
/// <c>Action=...&amp;Version=...&amp;...</c>; the response is XML.
/// </summary>
public sealed class AwsQueryProtocol(AwsRequestSender sender, string version)
{
    public const string ContentType = "application/x-www-form-urlencoded; charset=utf-8";

    private readonly AwsRequestSender _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    private readonly string _version = string.IsNullOrWhiteSpace(version)
        ? throw new ArgumentException("An API version such as '2010-03-31' is required.", nameof(version))
        : version;

    /// <summary>Calls <paramref name="action"/>; returns the root element of the XML response.</summary>
    public async Task<XElement> InvokeAsync(string action, IEnumerable<KeyValuePair<string, string>> parameters, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(action);
        ArgumentNullException.ThrowIfNull(parameters);
        var body = EncodeForm([new("Action", action), new("Version", _version), .. parameters]);
        var response = await _sender.SendAsync(new AwsHttpRequest(HttpMethod.Post, "/", ContentType, body), cancellationToken);
        return ParseXml(response.Body);
    }

    /// <summary>Form encoding with RFC 3986 escapes (AWS accepts <c>%20</c>; it is also what SigV4 canonicalises to).</summary>
    public static byte[] EncodeForm(IEnumerable<KeyValuePair<string, string>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var text = string.Join('&', parameters.Select(p =>
            $"{SigV4Canonicalizer.UriEncode(p.Key, encodeSlash: true)}={SigV4Canonicalizer.UriEncode(p.Value, encodeSlash: true)}"));
        return Encoding.UTF8.GetBytes(text);
    }

    /// <summary>The first descendant with this local name (namespaces ignored), or null.</summary>
    public static string? Find(XElement root, string localName)
    {
        ArgumentNullException.ThrowIfNull(root);
        return root.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == localName)?.Value;
    }

    private static XElement ParseXml(ReadOnlyMemory<byte> body)
    {
        try
        {
            using var stream = new MemoryStream(body.ToArray(), writable: false);
            using var reader = XmlReader.Create(stream, new XmlReaderSettings { DtdProcessing = DtdProcessing.Prohibit, XmlResolver = null });
            return XDocument.Load(reader).Root ?? throw new AwsServiceException("The AWS response had no XML root element.");
        }
        catch (XmlException ex)
        {
            throw new AwsServiceException($"The AWS response was not valid XML: {ex.Message}", ex);
        }
    }
}
