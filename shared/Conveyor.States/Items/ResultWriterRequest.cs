using System.Text.Json.Nodes;

namespace Conveyor.States.Items;

/// <summary>A distributed Map's ResultWriter: resource, evaluated arguments (Bucket, Prefix), WriterConfig and the iteration results.</summary>
public sealed record ResultWriterRequest(string Resource, JsonNode? Arguments, JsonObject? WriterConfig, string MapRunId, JsonArray Succeeded, JsonArray Failed);
