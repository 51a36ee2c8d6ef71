using System.Text.Json.Serialization;

namespace Conveyor.Local.Durable;

/// <summary>Source-generated JSON of an execution's header and state rows; members at their default are left out (they read back as the default).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault)]
[JsonSerializable(typeof(DurableExecutionHeader))]
[JsonSerializable(typeof(DurableExecutionState))]
internal sealed partial class DurableStorageJsonContext : JsonSerializerContext;
