using System.Text.Json.Serialization;

namespace Conveyor.Local.Engine;

/// <summary>Source-generated JSON for the engine's own small documents.</summary>
[JsonSerializable(typeof(Dictionary<string, string>))]
internal sealed partial class EngineJsonContext : JsonSerializerContext;
