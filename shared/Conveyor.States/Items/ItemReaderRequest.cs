using System.Text.Json.Nodes;

namespace Conveyor.States.Items;

/// <summary>A distributed Map's ItemReader: the resource (e.g. <c>arn:aws:states:::s3:getObject</c>), its evaluated arguments and ReaderConfig.</summary>
public sealed record ItemReaderRequest(string Resource, JsonNode? Arguments, JsonObject? ReaderConfig);
