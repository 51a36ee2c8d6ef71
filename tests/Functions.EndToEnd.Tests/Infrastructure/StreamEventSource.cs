using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Conveyor.Testing.DynamoDb;
using Conveyor.Testing.Moto;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What Lambda's DynamoDB event source mapping does for StreamFanOut, over the records moto's table stream actually
/// produced: reads the shard from TRIM_HORIZON (the template's StartingPosition), keeps a checkpoint so each record is
/// delivered once, applies the template's FilterCriteria and wraps the survivors as <c>{"Records":[…]}</c>.
/// Each record is passed through as moto's GetRecords returned it (eventID, eventName, eventVersion, eventSource,
/// awsRegion, dynamodb{…}); the one field Lambda adds, <c>eventSourceARN</c> (the stream ARN), is added here.
/// moto differs from DynamoDB Streams only in values, which are kept rather than patched: <c>eventVersion</c> is
/// "1.0" (DynamoDB says "1.1"), <c>awsRegion</c> is always us-east-1, <c>ApproximateCreationDateTime</c> is epoch
/// seconds with milliseconds, <c>SizeBytes</c> is moto's overestimate and the stream label in the ARN is moto's
/// (microseconds, no zone). StreamFanOut reads none of those values, so nothing needs adapting.
/// </summary>
public sealed partial class StreamEventSource(MotoServer moto, HttpClient http, string streamArn)
{
    private readonly DynamoDbStreamsReader _reader = new(moto, http);
    private readonly IReadOnlyDictionary<string, string[]> _filter = TemplateFilter();
    private BigInteger _checkpoint = BigInteger.MinusOne;

    /// <summary>Records after the checkpoint (advanced past filtered-out records too, as Lambda does) that pass the filter.</summary>
    public async Task<StreamBatch> NextBatchAsync()
    {
        var fresh = (await _reader.ReadAllRecordsAsync(streamArn))
            .Where(r => Sequence(r) > _checkpoint)
            .OrderBy(Sequence)
            .ToList();
        if (fresh.Count > 0)
        {
            _checkpoint = Sequence(fresh[^1]);
        }

        var records = new JsonArray();
        foreach (var record in fresh.Where(Passes))
        {
            var wrapped = JsonNode.Parse(record.GetRawText())!.AsObject();
            wrapped["eventSourceARN"] = streamArn;
            records.Add(wrapped);
        }

        return new StreamBatch(new JsonObject { ["Records"] = records }.ToJsonString(), records.Select(r => r!.AsObject()).ToList(), fresh.Count);
    }

    private static BigInteger Sequence(JsonElement record) =>
        BigInteger.Parse(record.GetProperty("dynamodb").GetProperty("SequenceNumber").GetString()!, CultureInfo.InvariantCulture);

    private bool Passes(JsonElement record) =>
        _filter.All(f => record.TryGetProperty(f.Key, out var value) && f.Value.Contains(value.GetString(), StringComparer.Ordinal));

    /// <summary>
    /// StreamFanOut's FilterCriteria pattern from template.yaml. Only the top-level "field is one of these strings"
    /// form is understood; any other pattern fails here so that a template change cannot be ignored silently.
    /// </summary>
    private static Dictionary<string, string[]> TemplateFilter()
    {
        var patterns = PatternLine().Matches(File.ReadAllText(Path.Combine(Repository.Root, "template.yaml")));
        var pattern = Assert.Single(patterns).Groups["json"].Value;
        using var document = JsonDocument.Parse(pattern);
        return document.RootElement.EnumerateObject().ToDictionary(
            p => p.Name,
            p => p.Value.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new NotSupportedException($"Filter pattern {pattern} is not a list of strings.")).ToArray(),
            StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^\s*- Pattern: '(?<json>.+)'\s*$", RegexOptions.Multiline)]
    private static partial Regex PatternLine();
}
