using System.Text.Json.Serialization;

namespace Conveyor.Durable.Service;

/// <summary>Source-generated JSON metadata for storing a <see cref="DurableExecutionRecord"/> (the embedded engine keeps one per execution).</summary>
[JsonSerializable(typeof(DurableExecutionRecord))]
public sealed partial class DurableServiceJsonContext : JsonSerializerContext;
