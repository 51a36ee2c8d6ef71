using System.Text.Json;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// Serializes the wire shapes with the source-generated <see cref="DurableProtocolJsonContext"/> and
/// <see cref="DurableExecutionJsonContext"/> (Native AOT safe).
/// </summary>
public static class DurableProtocolJson
{
    public static byte[] Serialize(CheckpointRequest value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.CheckpointRequest);

    public static byte[] Serialize(CheckpointResponse value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.CheckpointResponse);

    public static byte[] Serialize(ExecutionStatePage value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.ExecutionStatePage);

    public static byte[] Serialize(DurableInvocationInput value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.DurableInvocationInput);

    public static byte[] Serialize(DurableInvocationOutput value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.DurableInvocationOutput);

    public static byte[] Serialize(ErrorObject value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableExecutionJsonContext.Default.ErrorObject);

    public static byte[] Serialize(DurableExecutionDescription value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableExecutionJsonContext.Default.DurableExecutionDescription);

    public static string SerializeToString(Operation value) => JsonSerializer.Serialize(value, DurableProtocolJsonContext.Default.Operation);

    public static int SizeOf(OperationUpdate value) => JsonSerializer.SerializeToUtf8Bytes(value, DurableProtocolJsonContext.Default.OperationUpdate).Length;

    /// <summary>
    /// At least <see cref="SizeOf"/>, without serializing: every character of every string escaped to six bytes
    /// (<c>\uXXXX</c>, the most the encoder writes for one UTF-16 unit), plus room for every member's name, punctuation and number.
    /// </summary>
    public static long SizeBound(OperationUpdate value)
    {
        ArgumentNullException.ThrowIfNull(value);
        const int Members = 1024;
        long characters = Length(value.Id) + Length(value.ParentId) + Length(value.Name) + Length(value.Type) + Length(value.SubType)
            + Length(value.Action) + Length(value.Payload) + Length(value.Error)
            + Length(value.ChainedInvokeOptions?.FunctionName) + Length(value.ChainedInvokeOptions?.TenantId);
        return Members + (6 * characters);
    }

    private static long Length(string? value) => value?.Length ?? 0;

    private static long Length(ErrorObject? error) =>
        error is null ? 0 : Length(error.ErrorType) + Length(error.ErrorMessage) + Length(error.ErrorData) + (error.StackTrace?.Sum(line => line.Length + 3L) ?? 0);

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
