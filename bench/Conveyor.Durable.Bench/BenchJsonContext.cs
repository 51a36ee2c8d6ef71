using System.Text.Json.Serialization;

namespace Conveyor.Durable.Bench;

/// <summary>Source-generated JSON for the bench workflow's values.</summary>
[JsonSerializable(typeof(int))]
[JsonSerializable(typeof(string))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
