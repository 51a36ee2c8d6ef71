using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Tasks;

/// <summary>
/// Opaque page tokens: base64url(JSON of the query and the last sort position) + "." + base64url(HMAC). The key is
/// random per database, so a token from another store, another query, or an edited token fails validation.
/// </summary>
internal sealed class ContinuationTokens(byte[] key)
{
    private const int Version = 2;
    private const int MacBytes = 16;

    public string Issue(TaskQuery query, string lastSortKey) => Issue(Scope(query), lastSortKey);

    /// <summary>The last sort position encoded in <paramref name="token"/>.</summary>
    /// <exception cref="ValidationException">Malformed, not signed by this store, or issued for a different query.</exception>
    public string Read(TaskQuery query, string token) => Read(Scope(query), token);

    /// <summary>A token for any listing: <paramref name="scope"/> names the query (its filters), <paramref name="position"/> where the next page starts.</summary>
    public string Issue(string scope, string position)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteNumber("v", Version);
            writer.WriteString("s", scope);
            writer.WriteString("k", position);
            writer.WriteEndObject();
        }

        var payload = buffer.ToArray();
        return Base64Url(payload) + "." + Base64Url(Mac(payload));
    }

    /// <summary>The position in a token this store issued for the same <paramref name="scope"/>.</summary>
    /// <exception cref="ValidationException">Malformed, not signed by this store, or issued for a different query.</exception>
    public string Read(string scope, string token)
    {
        ArgumentNullException.ThrowIfNull(token);
        var parts = token.Split('.');
        byte[] payload;
        byte[] mac;
        try
        {
            if (parts.Length != 2)
            {
                throw Invalid();
            }

            payload = FromBase64Url(parts[0]);
            mac = FromBase64Url(parts[1]);
        }
        catch (FormatException)
        {
            throw Invalid();
        }

        if (!CryptographicOperations.FixedTimeEquals(mac, Mac(payload)))
        {
            throw Invalid();
        }

        using var document = JsonDocument.Parse(payload);
        var root = document.RootElement;
        var sameQuery = root.GetProperty("v").GetInt32() == Version && root.GetProperty("s").GetString() == scope;
        return sameQuery
            ? root.GetProperty("k").GetString()!
            : throw new ValidationException("The continuation token was issued for a different query; start again without a token.", nameof(scope));
    }

    private static string Scope(TaskQuery query) =>
        JsonSerializer.Serialize(new[] { query.Pk, query.SkPrefix ?? string.Empty, query.Ascending ? "a" : "d", query.ExcludeSubTasks ? "x" : "-" }, ScopeJson.Default.StringArray);

    private static ValidationException Invalid() =>
        new("The continuation token is not one this store issued; pass the token from the previous page unchanged.", "query");

    private byte[] Mac(byte[] payload) => HMACSHA256.HashData(key, payload)[..MacBytes];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static byte[] FromBase64Url(string text)
    {
        var base64 = text.Replace('-', '+').Replace('_', '/');
        base64 += (base64.Length % 4) switch { 2 => "==", 3 => "=", 0 => string.Empty, _ => throw new FormatException() };
        return Convert.FromBase64String(base64);
    }

    public static byte[] KeyFromHex(string hex) => Convert.FromHexString(hex);

    /// <summary>The tokens of <paramref name="database"/>, signed with its key (the <c>meta</c> row the first migration wrote).</summary>
    public static Task<ContinuationTokens> LoadAsync(LocalDatabase database) =>
        database.ReadAsync(
            async connection =>
            {
                var hex = (string?)await Sql.ScalarAsync(connection, null, "SELECT value FROM meta WHERE name = 'continuation_token_key';", CancellationToken.None).ConfigureAwait(false)
                    ?? throw new InvalidOperationException("The database has no continuation token key; was it migrated?");
                return new ContinuationTokens(KeyFromHex(hex));
            },
            CancellationToken.None);
}
