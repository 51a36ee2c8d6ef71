using System.Text.Json.Serialization;

namespace Conveyor.Durable.Service;

/// <summary>
/// Source-generated JSON metadata for storing a <see cref="DurableExecutionRecord"/>'s header and each of its
/// <see cref="Protocol.Operation"/>s (the embedded engine keeps one row per execution and one per operation). Members
/// that are null are left out (a missing member reads back as null), so the rows, and the pages each write puts in the
/// database's log, are smaller.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DurableExecutionRecord))]
[JsonSerializable(typeof(Protocol.Operation))]
public sealed partial class DurableServiceJsonContext : JsonSerializerContext;
