using System.Globalization;
using System.Text.RegularExpressions;

namespace Conveyor.Deployment.Tests;

/// <summary>
/// One <c>AWS::Serverless::Function</c> resource of template.yaml, read line by line (the template's CloudFormation tags
/// such as <c>!Ref</c> make a generic YAML reader refuse it): the resource block is everything indented under its name.
/// </summary>
internal sealed partial record TemplateFunction(string LogicalId, string? CodeUri, string? Handler, string? Runtime, int? Timeout, IReadOnlyList<string> EventTypes)
{
    /// <summary>The function resources, in template order.</summary>
    public static IReadOnlyList<TemplateFunction> ReadAll(string template)
    {
        var lines = template.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var functions = new List<TemplateFunction>();
        for (var i = 0; i < lines.Length; i++)
        {
            var name = ResourceName().Match(lines[i]);
            if (!name.Success)
            {
                continue;
            }

            var block = lines.Skip(i + 1).TakeWhile(l => l.Length == 0 || l.StartsWith("   ", StringComparison.Ordinal) || l.TrimStart().StartsWith('#')).ToList();
            if (!block.Any(l => l.Trim() == "Type: AWS::Serverless::Function"))
            {
                continue;
            }

            functions.Add(new TemplateFunction(
                name.Groups[1].Value,
                Property(block, "CodeUri"),
                Property(block, "Handler"),
                Property(block, "Runtime"),
                Property(block, "Timeout") is { } timeout ? int.Parse(timeout, CultureInfo.InvariantCulture) : null,
                EventTypesOf(block)));
        }

        return functions;
    }

    /// <summary>A <c>Globals: Function:</c> property (the default of every function), or null.</summary>
    public static string? Global(string template, string property)
    {
        var lines = template.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n');
        var start = Array.FindIndex(lines, l => l.TrimEnd() == "Globals:");
        if (start < 0)
        {
            return null;
        }

        var block = lines.Skip(start + 1).TakeWhile(l => l.Length == 0 || l.StartsWith(' ') || l.TrimStart().StartsWith('#')).ToList();
        var function = block.FindIndex(l => l.TrimEnd() == "  Function:");
        return function < 0 ? null : Property(block.Skip(function + 1).TakeWhile(l => l.Length == 0 || l.StartsWith("   ", StringComparison.Ordinal)).ToList(), property);
    }

    private static string? Property(List<string> block, string property)
    {
        // Properties of the resource (or of Globals.Function) are the shallowest "Key: value" lines in the block.
        var indent = block.Where(l => l.Trim().Length > 0 && !l.TrimStart().StartsWith('#'))
            .Select(l => l.Length - l.TrimStart().Length)
            .Where(n => n > 0)
            .DefaultIfEmpty(0)
            .Min();
        var propertyIndent = block.Any(l => l.Trim() == "Properties:") ? indent + 2 : indent;
        var prefix = new string(' ', propertyIndent) + property + ":";
        var line = block.FirstOrDefault(l => l.StartsWith(prefix, StringComparison.Ordinal));
        return line?[prefix.Length..].Trim().Trim('"');
    }

    private static List<string> EventTypesOf(List<string> block)
    {
        var events = block.FindIndex(l => l.Trim() == "Events:");
        if (events < 0)
        {
            return [];
        }

        var eventsIndent = block[events].Length - block[events].TrimStart().Length;
        var typeIndent = new string(' ', eventsIndent + 4) + "Type:";
        return block.Skip(events + 1)
            .TakeWhile(l => l.Trim().Length == 0 || l.Length - l.TrimStart().Length > eventsIndent)
            .Where(l => l.StartsWith(typeIndent, StringComparison.Ordinal))
            .Select(l => l[typeIndent.Length..].Trim())
            .ToList();
    }

    [GeneratedRegex(@"^  (\w+):\s*$")]
    private static partial Regex ResourceName();
}
