using System.Text.Json;

namespace Conveyor.Durable.Protocol;

/// <summary>Serializes the wire shapes with the source-generated <see cref="DurableProtocolJsonContext"/> (Native AOT safe).</summary>
public static class DurableProtocolJson
{
    public static byte[] Serialize(CheckpointRequest value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.CheckpointRequest);

    public static byte[] Serialize(CheckpointResponse value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.CheckpointResponse);

    public static byte[] Serialize(ExecutionStatePage value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.ExecutionStatePage);

    public static byte[] Serialize(DurableInvocationInput value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.DurableInvocationInput);

    public static byte[] Serialize(DurableInvocationOutput value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.DurableInvocationOutput);

    public static byte[] Serialize(ErrorObject value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.ErrorObject);

    public static byte[] Serialize(DurableExecutionDescription value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.DurableExecutionDescription);

    public static string SerializeToString(Operation value) => JsonSerializer.Serialize(value, DurableProtocolJsonContext.Default.Operation);

    public static int SizeOf(OperationUpdate value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.OperationUpdate).Length;

    public static T Deserialize<T>(ReadOnlySpan<byte> json, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo)
    {
        try
        {
            return JsonSerializer.Deserialize(json, typeInfo) ?? throw new DurableServiceException("SerializationException", $"The {typeof(T).Name} body was null.", 400);
        }
        catch (JsonException ex)
        {
            throw new DurableServiceException("SerializationException", $"The {typeof(T).Name} body is not valid JSON of that shape: {ex.Message}", 400, ex);
        }
    }

    public static Operation ParseOperation(string json) => Deserialize(System.Text.Encoding.UTF8.GetBytes(json), DurableProtocolJsonContext.Default.Operation);

}
