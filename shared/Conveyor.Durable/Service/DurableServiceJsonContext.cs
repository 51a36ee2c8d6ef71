using System.Text.Json.Serialization;

namespace Conveyor.Durable.Service;

/// <summary>
/// Source-generated JSON metadata for storing a <see cref="DurableExecutionRecord"/>'s header and each of its
/// <see cref="Protocol.Operation"/>s (the embedded engine keeps one row per execution and one per operation).
/// </summary>
[JsonSerializable(typeof(DurableExecutionRecord))]
[JsonSerializable(typeof(Protocol.Operation))]
public sealed partial class DurableServiceJsonContext : JsonSerializerContext;
