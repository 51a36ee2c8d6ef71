using System.Globalization;
using System.Text.Json;

namespace Local.Commands.Invoke;

/// <summary>
/// An env-vars file in <c>sam local invoke --env-vars</c> format: <c>{"Parameters":{…}}</c> applies to every function,
/// <c>{"&lt;LogicalId&gt;":{…}}</c> to one function and wins over <c>Parameters</c>. Strings, numbers and booleans are
/// taken as text; <c>null</c> leaves a variable unset, as in SAM.
/// </summary>
internal static class EnvVarsFile
{
    public const string GlobalSection = "Parameters";

    /// <exception cref="FormatException">The file is not a JSON object of objects.</exception>
    public static Dictionary<string, string> Read(string json, FunctionDefinition function)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        }
        catch (JsonException ex)
        {
            throw new FormatException($"The env-vars file is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new FormatException("The env-vars file must be a JSON object: {\"Parameters\":{...}} and/or {\"<LogicalId>\":{...}}.");
            }

            var variables = new Dictionary<string, string>(StringComparer.Ordinal);
            Apply(document.RootElement, GlobalSection, variables);
            Apply(document.RootElement, function.LogicalId, variables);
            Apply(document.RootElement, function.Name, variables);
            return variables;
        }
    }

    private static void Apply(JsonElement root, string section, Dictionary<string, string> variables)
    {
        if (!root.TryGetProperty(section, out var values))
        {
            return;
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"\"{section}\" in the env-vars file must be an object of variable names to values.");
        }

        foreach (var variable in values.EnumerateObject())
        {
            var text = variable.Value.ValueKind switch
            {
                JsonValueKind.String => variable.Value.GetString(),
                JsonValueKind.Number => variable.Value.GetRawText(),
                JsonValueKind.True => "true",
                JsonValueKind.False => "false",
                JsonValueKind.Null => null,
                _ => throw new FormatException(string.Create(CultureInfo.InvariantCulture,
                    $"\"{section}\".\"{variable.Name}\" must be a string, number or boolean; got {variable.Value.ValueKind}.")),
            };
            if (text is null)
            {
                variables.Remove(variable.Name);
            }
            else
            {
                variables[variable.Name] = text;
            }
        }
    }
}
