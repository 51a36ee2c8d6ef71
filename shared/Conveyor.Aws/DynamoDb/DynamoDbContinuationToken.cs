using System.Buffers;
using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2.Model;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Opaque page tokens over DynamoDB's <c>LastEvaluatedKey</c>: base64url of a version byte and a small JSON document
/// <c>{"s":&lt;scope hash&gt;,"k":{&lt;key in typed JSON&gt;}}</c>. The scope (table and partition or filter) is hashed into
/// the token so a token from another query, table or store is refused, and every part is validated strictly
/// before it reaches DynamoDB. Not signed: it holds nothing the caller may not know, only the shape is enforced.
/// </summary>
internal static class DynamoDbContinuationToken
{
    private const byte FormatVersion = 1;
    private const int MaxTokenLength = 4096;

    public static string Encode(string scope, IReadOnlyDictionary<string, AttributeValue> key)
    {
        var buffer = new ArrayBufferWriter<byte>();
        buffer.Write([FormatVersion]);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("s", ScopeHash(scope));
            writer.WriteStartObject("k");
            foreach (var (name, value) in key.OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WritePropertyName(name);
                AttributeValueJson.WriteTyped(writer, value);
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return Base64Url.EncodeToString(buffer.WrittenSpan);
    }

    /// <summary>
    /// The key inside <paramref name="token"/>, which must have been issued for <paramref name="scope"/> and hold exactly
    /// <paramref name="keyNames"/> (any S/N/B key attributes when null: tables whose key schema the caller does not know).
    /// </summary>
    /// <exception cref="ValidationException">The token is malformed, foreign, or tampered with.</exception>
    public static Dictionary<string, AttributeValue> Decode(string token, string scope, IReadOnlyCollection<string>? keyNames)
    {
        ArgumentNullException.ThrowIfNull(token);
        if (token.Length == 0 || token.Length > MaxTokenLength)
        {
            throw Invalid("it is empty or too long");
        }

        byte[] bytes;
        try
        {
            bytes = Base64Url.DecodeFromChars(token);
        }
        catch (FormatException ex)
        {
            throw Invalid("it is not base64url", ex);
        }

        if (bytes.Length < 2 || bytes[0] != FormatVersion)
        {
            throw Invalid("its format version is unknown");
        }

        try
        {
            using var document = JsonDocument.Parse(bytes.AsMemory(1));
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || root.EnumerateObject().Count() != 2
                || !root.TryGetProperty("s", out var s) || s.ValueKind != JsonValueKind.String
                || !root.TryGetProperty("k", out var k) || k.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("its structure is wrong");
            }

            if (!string.Equals(s.GetString(), ScopeHash(scope), StringComparison.Ordinal))
            {
                throw Invalid("it was issued for another query");
            }

            var key = AttributeValueJson.ItemFromTyped(k);
            if (key.Count == 0 || (keyNames is not null && (key.Count != keyNames.Count || !keyNames.All(key.ContainsKey)))
                || key.Values.Any(v => v.S is null && v.N is null && v.B is null))
            {
                throw Invalid("its key does not match the table");
            }

            return key;
        }
        catch (JsonException ex)
        {
            throw Invalid("it is not valid JSON", ex);
        }
        catch (FormatException ex)
        {
            throw Invalid("its key is malformed", ex);
        }
    }

    private static string ScopeHash(string scope) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(scope)).AsSpan(0, 12));

    private static ValidationException Invalid(string why, Exception? inner = null)
    {
        var message = $"The continuation token is not valid: {why}. Pass the token of the previous page of the same query unchanged.";
        return inner is null ? new ValidationException(message) : new ValidationException(message, inner);
    }
}
