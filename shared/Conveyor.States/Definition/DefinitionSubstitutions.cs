using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conveyor.States.Definition;

/// <summary>Resolves <c>${Name}</c> placeholders like SAM's DefinitionSubstitutions, before the JSON is parsed.</summary>
public static partial class DefinitionSubstitutions
{
    public static string Apply(string definitionJson, IReadOnlyDictionary<string, string>? substitutions, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(definitionJson);
        ArgumentNullException.ThrowIfNull(problems);
        return Placeholder().Replace(definitionJson, match =>
        {
            var name = match.Groups[1].Value;
            if (substitutions is not null && substitutions.TryGetValue(name, out var value))
            {
                // Placeholders sit inside JSON strings, so the value is escaped as string content.
                var encoded = JsonEncodedText.Encode(value, System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping);
                return Encoding.UTF8.GetString(encoded.EncodedUtf8Bytes);
            }

            var problem = $"Definition substitution '${{{name}}}' has no value";
            if (!problems.Contains(problem)) { problems.Add(problem); }
            return match.Value;
        });
    }

    [GeneratedRegex(@"\$\{([A-Za-z0-9_.:-]+)\}")]
    private static partial Regex Placeholder();
}
