using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>Source-generated metadata for every wire shape (no reflection, no trim warnings).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DurableInvocationInput))]
[JsonSerializable(typeof(DurableInvocationOutput))]
[JsonSerializable(typeof(CheckpointRequest))]
[JsonSerializable(typeof(CheckpointResponse))]
[JsonSerializable(typeof(ExecutionStatePage))]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(OperationUpdate))]
[JsonSerializable(typeof(ErrorObject))]
[JsonSerializable(typeof(DurableExecutionDescription))]
public sealed partial class DurableProtocolJsonContext : JsonSerializerContext;
