using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Files;

namespace Conveyor.Local.Buckets;

/// <summary>
/// Builds the S3 event notification S3 delivers to Lambda (<c>{"Records":[…]}</c>, eventVersion 2.1) for one object:
/// key form-URL-encoded as S3 writes it (space → <c>+</c>), size and eTag (bare MD5 hex) on created events only.
/// </summary>
public static class S3EventJson
{
    public const string ObjectCreatedPut = "ObjectCreated:Put";
    public const string ObjectRemovedDelete = "ObjectRemoved:Delete";

    public static string Build(string eventName, string bucket, string key, long? size, string? eTag, string sequencer, DateTimeOffset eventTime, string region = "us-east-1")
    {
        ArgumentNullException.ThrowIfNull(key);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            writer.WriteStartObject();
            writer.WriteString("eventVersion", "2.1");
            writer.WriteString("eventSource", "aws:s3");
            writer.WriteString("awsRegion", region);
            writer.WriteString("eventTime", eventTime.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
            writer.WriteString("eventName", eventName);
            writer.WriteStartObject("userIdentity");
            writer.WriteString("principalId", "conveyor-local");
            writer.WriteEndObject();
            writer.WriteStartObject("requestParameters");
            writer.WriteString("sourceIPAddress", "127.0.0.1");
            writer.WriteEndObject();
            writer.WriteStartObject("responseElements");
            writer.WriteString("x-amz-request-id", sequencer);
            writer.WriteString("x-amz-id-2", "conveyor-local");
            writer.WriteEndObject();
            writer.WriteStartObject("s3");
            writer.WriteString("s3SchemaVersion", "1.0");
            writer.WriteString("configurationId", "conveyor-local");
            writer.WriteStartObject("bucket");
            writer.WriteString("name", bucket);
            writer.WriteStartObject("ownerIdentity");
            writer.WriteString("principalId", "conveyor-local");
            writer.WriteEndObject();
            writer.WriteString("arn", "arn:aws:s3:::" + bucket);
            writer.WriteEndObject();
            writer.WriteStartObject("object");
            writer.WriteString("key", S3KeyEncoder.Encode(key));
            if (size is { } s)
            {
                writer.WriteNumber("size", s);
            }

            if (eTag is not null)
            {
                writer.WriteString("eTag", eTag.Trim('"'));
            }

            writer.WriteString("sequencer", sequencer);
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    /// <summary>An S3-style sequencer: upper-case hex, fixed width, so string order equals issue order.</summary>
    public static string Sequencer(long value) => value.ToString("X16", CultureInfo.InvariantCulture);
}
