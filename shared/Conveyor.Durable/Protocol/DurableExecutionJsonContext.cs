using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// Source-generated metadata for an execution as the control plane shows it (its description, its error): what starting,
/// listing, reading and answering executions use. The invocation and checkpoint shapes, which only the function that runs
/// a workflow uses, are in <see cref="DurableProtocolJsonContext"/>: a context roots every type it lists, so the functions
/// that only start and track workflows do not carry them (bench/cold-start.sh).
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DurableExecutionDescription))]
[JsonSerializable(typeof(ErrorObject))]
public sealed partial class DurableExecutionJsonContext : JsonSerializerContext;
