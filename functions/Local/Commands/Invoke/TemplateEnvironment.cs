namespace Local.Commands.Invoke;

/// <summary>
/// The literal environment variables of template.yaml's <c>Globals.Function.Environment.Variables</c> (e.g.
/// <c>CONVEYOR__SERVICE: conveyor</c>): the defaults a function gets before the env-vars file. Values that are
/// intrinsic functions (<c>!Ref</c>, <c>!Sub</c>, <c>!GetAtt</c>) have no local value and must come from the env-vars file,
/// as with <c>sam local invoke</c>. A deliberately small reader of that one block, not a YAML parser.
/// </summary>
internal static class TemplateEnvironment
{
    public static Dictionary<string, string> ReadGlobals(string templateText)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        var lines = templateText.Split('\n');
        var path = new List<(int Indent, string Key)>();
        int? variablesIndent = null;
        foreach (var raw in lines)
        {
            var line = raw.TrimEnd('\r');
            var trimmed = line.TrimStart();
            if (trimmed.Length == 0 || trimmed.StartsWith('#'))
            {
                continue;
            }

            var indent = line.Length - trimmed.Length;
            if (variablesIndent is { } inside)
            {
                if (indent > inside)
                {
                    AddLiteral(trimmed, result);
                    continue;
                }

                return result;
            }

            var colon = trimmed.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            path.RemoveAll(p => p.Indent >= indent);
            path.Add((indent, trimmed[..colon]));
            if (path.Select(p => p.Key).SequenceEqual(["Globals", "Function", "Environment", "Variables"]))
            {
                variablesIndent = indent;
            }
        }

        return result;
    }

    private static void AddLiteral(string entry, Dictionary<string, string> result)
    {
        var colon = entry.IndexOf(':', StringComparison.Ordinal);
        if (colon <= 0)
        {
            return;
        }

        var value = entry[(colon + 1)..].Trim();
        if (value.Length == 0 || value.StartsWith('!') || value.StartsWith('{'))
        {
            return;
        }

        if (value.Length >= 2 && (value[0] == '"' || value[0] == '\'') && value[^1] == value[0])
        {
            value = value[1..^1];
        }

        result[entry[..colon].Trim()] = value;
    }
}
