using System.Text;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Files;

/// <summary>
/// Maps the logical bucket names of file tasks (<c>&lt;Task&gt;Bucket</c>, <c>&lt;Task&gt;&lt;BucketName&gt;</c>) to physical
/// bucket names from configuration. Logical names are deterministic so the template can declare the same names as
/// parameters/outputs, and configuration keys are matched case-insensitively like .NET configuration.
/// </summary>
public sealed class BucketNameResolver
{
    private readonly Dictionary<string, string> _physicalByLogical;

    /// <param name="physicalByLogical">Logical name → physical bucket name.</param>
    /// <exception cref="ValidationException">An empty physical name, or two logical names that differ only in case.</exception>
    public BucketNameResolver(IReadOnlyDictionary<string, string> physicalByLogical)
    {
        ArgumentNullException.ThrowIfNull(physicalByLogical);
        _physicalByLogical = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (logical, physical) in physicalByLogical)
        {
            if (string.IsNullOrWhiteSpace(physical))
            {
                throw new ValidationException($"The bucket configuration for '{logical}' is empty; give the physical bucket name.", nameof(physicalByLogical));
            }

            if (!_physicalByLogical.TryAdd(logical, physical))
            {
                throw new ValidationException($"The bucket configuration names '{logical}' twice (names are case-insensitive).", nameof(physicalByLogical));
            }
        }
    }

    /// <summary>Logical names configured, for diagnostics.</summary>
    public IReadOnlyCollection<string> LogicalNames => _physicalByLogical.Keys;

    /// <summary><c>&lt;Task&gt;Bucket</c> when <paramref name="bucketName"/> is null, else <c>&lt;Task&gt;&lt;BucketName&gt;</c>, both PascalCased.</summary>
    /// <example><c>("import-csv", null)</c> → <c>ImportCsvBucket</c>; <c>("ImportCsv", "uploads")</c> → <c>ImportCsvUploads</c>.</example>
    public static string LogicalName(string taskName, string? bucketName)
    {
        var task = PascalCase(taskName, "task name");
        return bucketName is null ? task + "Bucket" : task + PascalCase(bucketName, "bucket name");
    }

    /// <summary>Words split at any character that is not a letter or digit, each with its first letter upper-cased.</summary>
    /// <exception cref="ValidationException">No letters or digits at all.</exception>
    public static string PascalCase(string text, string what = "name")
    {
        ArgumentNullException.ThrowIfNull(text);
        var builder = new StringBuilder(text.Length);
        var startOfWord = true;
        foreach (var c in text)
        {
            if (!char.IsAsciiLetterOrDigit(c))
            {
                startOfWord = true;
                continue;
            }

            builder.Append(startOfWord ? char.ToUpperInvariant(c) : c);
            startOfWord = false;
        }

        return builder.Length > 0
            ? builder.ToString()
            : throw new ValidationException($"The {what} '{text}' has no ASCII letters or digits to build a logical bucket name from.", what);
    }

    /// <exception cref="BucketNotConfiguredException">The logical name is not configured; the message names it.</exception>
    public string Resolve(string logicalName) =>
        TryResolve(logicalName, out var physical) ? physical : throw new BucketNotConfiguredException(logicalName, _physicalByLogical.Keys);

    /// <exception cref="BucketNotConfiguredException">The logical name is not configured; the message names it.</exception>
    public string Resolve(string taskName, string? bucketName) => Resolve(LogicalName(taskName, bucketName));

    public bool TryResolve(string logicalName, out string physicalName)
    {
        ArgumentNullException.ThrowIfNull(logicalName);
        if (_physicalByLogical.TryGetValue(logicalName, out var physical))
        {
            physicalName = physical;
            return true;
        }

        physicalName = string.Empty;
        return false;
    }
}
