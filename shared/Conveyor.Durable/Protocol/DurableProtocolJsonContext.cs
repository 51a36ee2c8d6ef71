using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// Source-generated metadata for the invocation and checkpoint wire shapes (no reflection, no trim warnings); an
/// execution's description is in <see cref="DurableExecutionJsonContext"/>.
/// </summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(DurableInvocationInput))]
[JsonSerializable(typeof(DurableInvocationOutput))]
[JsonSerializable(typeof(CheckpointRequest))]
[JsonSerializable(typeof(CheckpointResponse))]
[JsonSerializable(typeof(ExecutionStatePage))]
[JsonSerializable(typeof(Operation))]
[JsonSerializable(typeof(OperationUpdate))]
[JsonSerializable(typeof(ErrorObject))]
public sealed partial class DurableProtocolJsonContext : JsonSerializerContext;
