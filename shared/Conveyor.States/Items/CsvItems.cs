using System.Text;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Items;

/// <summary>CSV rows as objects keyed by the header (first row, or the given CSVHeaders); values stay strings.</summary>
internal static class CsvItems
{
    public static JsonArray Parse(string text, JsonObject? config)
    {
        var rows = ReadRows(text).Where(r => r.Count > 1 || (r.Count == 1 && r[0].Length > 0)).ToList();
        List<string> headers;
        if (JsonUtil.GetString(config?["CSVHeaderLocation"]) == "GIVEN")
        {
            headers = (config?["CSVHeaders"] as JsonArray)?.Select(h => JsonUtil.GetString(h) ?? string.Empty).ToList()
                ?? throw new InvalidOperationException("CSVHeaderLocation GIVEN needs CSVHeaders");
        }
        else
        {
            if (rows.Count == 0) { return []; }
            headers = rows[0];
            rows.RemoveAt(0);
        }

        var items = new JsonArray();
        foreach (var row in rows)
        {
            var obj = new JsonObject();
            for (var i = 0; i < headers.Count; i++) { obj[headers[i]] = i < row.Count ? row[i] : string.Empty; }
            items.Add((JsonNode)obj);
        }

        return items;
    }

    private static IEnumerable<List<string>> ReadRows(string text)
    {
        var row = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') { quoted = false; }
                else { field.Append(c); }
            }
            else if (c == '"') { quoted = true; }
            else if (c == ',') { row.Add(field.ToString()); field.Clear(); }
            else if (c is '\n' or '\r')
            {
                if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n') { i++; }
                row.Add(field.ToString());
                field.Clear();
                yield return row;
                row = [];
            }
            else { field.Append(c); }
        }

        if (field.Length > 0 || row.Count > 0)
        {
            row.Add(field.ToString());
            yield return row;
        }
    }
}
