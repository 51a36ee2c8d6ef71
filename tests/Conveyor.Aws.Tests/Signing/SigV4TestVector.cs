using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Tests.Signing;

/// <summary>One case of the AWS SigV4 test suite (a folder under <c>tests/Conveyor.Aws.Tests/testdata/sigv4</c>), parsed.</summary>
public sealed record SigV4TestVector(
    string Name,
    string Folder,
    SigningRequest Request,
    AwsCredentials Credentials,
    SigV4Context Context,
    TimeSpan Expires)
{
    public const string MissingFolder = "<sigv4 test vectors not found>";

    /// <summary>Where the vectors live, relative to the repository root (they ship with the repo).</summary>
    public static readonly string RelativeRoot = Path.Combine("tests", "Conveyor.Aws.Tests", "testdata", "sigv4");

    /// <summary>
    /// The vector folder: <c>&lt;repo&gt;/tests/Conveyor.Aws.Tests/testdata/sigv4</c> where the repo root holds functions.sln.
    /// Null when it cannot be found.
    /// </summary>
    public static string? FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "functions.sln")))
            {
                var candidate = Path.GetFullPath(Path.Combine(dir.FullName, RelativeRoot));
                return Directory.Exists(candidate) ? candidate : null;
            }
        }

        return null;
    }

    public static IEnumerable<object[]> Names()
    {
        var root = FindRoot();
        if (root is null)
        {
            // Yield a case that fails loudly instead of an empty theory that would pass by doing nothing.
            return [[MissingFolder]];
        }

        return Directory.GetDirectories(root)
            .Where(d => File.Exists(Path.Combine(d, "request.txt")))
            .Select(d => new object[] { Path.GetFileName(d) })
            .OrderBy(o => (string)o[0], StringComparer.Ordinal);
    }

    public static SigV4TestVector Load(string name)
    {
        var root = FindRoot() ?? throw new DirectoryNotFoundException(
            $"The AWS SigV4 test vectors were not found: expected <repo>/{RelativeRoot}.");
        var folder = Path.Combine(root, name);
        using var context = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "context.json")));
        var c = context.RootElement;
        var creds = c.GetProperty("credentials");
        var credentials = new AwsCredentials(
            creds.GetProperty("access_key_id").GetString()!,
            creds.GetProperty("secret_access_key").GetString()!,
            creds.TryGetProperty("token", out var token) ? token.GetString() : null);
        var signingContext = new SigV4Context(
            c.GetProperty("service").GetString()!,
            c.GetProperty("region").GetString()!,
            DateTimeOffset.Parse(c.GetProperty("timestamp").GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal),
            NormalizePath: c.GetProperty("normalize").GetBoolean(),
            SignBody: c.GetProperty("sign_body").GetBoolean(),
            OmitSessionToken: c.TryGetProperty("omit_session_token", out var omit) && omit.GetBoolean());
        var expires = TimeSpan.FromSeconds(c.GetProperty("expiration_in_seconds").GetInt32());
        return new SigV4TestVector(name, folder, ParseRequest(File.ReadAllText(Path.Combine(folder, "request.txt"))), credentials, signingContext, expires);
    }

    public string Expected(string file) => File.ReadAllText(Path.Combine(Folder, file));

    /// <summary>The <c>Authorization</c> value from a <c>*-signed-request.txt</c> file.</summary>
    public string ExpectedAuthorization() =>
        Expected("header-signed-request.txt").Split('\n')
            .First(l => l.StartsWith("Authorization:", StringComparison.Ordinal))["Authorization:".Length..];

    /// <summary>Parses the raw HTTP request text: request line, headers (folded lines continue a value), body.</summary>
    private static SigningRequest ParseRequest(string text)
    {
        var separator = text.IndexOf("\n\n", StringComparison.Ordinal);
        var head = separator < 0 ? text : text[..separator];
        var body = separator < 0 ? string.Empty : text[(separator + 2)..];
        var lines = head.Split('\n');
        var requestLine = lines[0];
        var method = requestLine[..requestLine.IndexOf(' ', StringComparison.Ordinal)];
        var target = requestLine[(method.Length + 1)..requestLine.LastIndexOf(" HTTP/", StringComparison.Ordinal)];
        var question = target.IndexOf('?', StringComparison.Ordinal);
        var path = question < 0 ? target : target[..question];
        var query = question < 0 ? [] : HttpRequestSigner.ParseQuery(target[question..]);

        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length > 0 && char.IsWhiteSpace(line[0]) && headers.Count > 0)
            {
                var last = headers[^1];
                headers[^1] = new(last.Key, last.Value + "\n" + line);
                continue;
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            headers.Add(new(line[..colon], line[(colon + 1)..]));
        }

        return new SigningRequest(method, path, query, headers, Encoding.UTF8.GetBytes(body));
    }
}
