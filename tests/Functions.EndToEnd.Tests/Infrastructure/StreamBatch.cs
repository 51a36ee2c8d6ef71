using System.Text.Json.Nodes;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>One delivery of <see cref="StreamEventSource"/>: the event JSON, its records, and how many records were read before filtering.</summary>
public sealed record StreamBatch(string EventJson, IReadOnlyList<JsonObject> Records, int ReadCount)
{
    /// <summary>(eventName, sk of the new image) per record, in stream order.</summary>
    public IReadOnlyList<(string Event, string? Sk)> Changes =>
        Records.Select(r => (r["eventName"]!.GetValue<string>(), r["dynamodb"]?["NewImage"]?["sk"]?["S"]?.GetValue<string>())).ToList();
}
