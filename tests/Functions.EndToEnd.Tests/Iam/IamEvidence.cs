using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.Iam;

/// <summary>
/// iam-evidence.json beside this file: per function, every permission (<c>"action resource"</c>) the end-to-end suite
/// saw it use. The suite fails a test whose function used a permission the file does not list; the deployment tests
/// check that template.yaml grants each function exactly these (plus their listed exceptions). To refresh it after a
/// change, run the suite with <c>CONVEYOR_IAM_EVIDENCE_OUT=&lt;file&gt;</c> and copy what it wrote here.
/// </summary>
public static class IamEvidence
{
    public static string FilePath => Path.Combine(Repository.Root, "tests", "Functions.EndToEnd.Tests", "Iam", "iam-evidence.json");

    private static readonly Lazy<Dictionary<string, HashSet<string>>> Listed = new(() => Read(FilePath));
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>What <paramref name="function"/> used that iam-evidence.json does not list.</summary>
    public static IReadOnlyList<string> Unlisted(string function, IEnumerable<string> used) =>
        [.. used.Where(p => !Listed.Value.TryGetValue(function, out var listed) || !listed.Contains(p)).Order(StringComparer.Ordinal)];

    public static void Write(string path, IReadOnlyDictionary<string, IReadOnlyCollection<string>> observed)
    {
        var ordered = observed.OrderBy(f => f.Key, StringComparer.Ordinal)
            .ToDictionary(f => f.Key, f => f.Value.Order(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
        File.WriteAllText(path, JsonSerializer.Serialize(ordered, Indented) + "\n");
    }

    private static Dictionary<string, HashSet<string>> Read(string path)
    {
        if (!File.Exists(path))
        {
            return new(StringComparer.Ordinal);
        }

        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return document.RootElement.EnumerateObject().ToDictionary(
            f => f.Name,
            f => f.Value.EnumerateArray().Select(p => p.GetString()!).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);
    }
}
