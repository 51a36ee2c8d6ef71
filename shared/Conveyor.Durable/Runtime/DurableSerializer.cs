using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// Serializes checkpointed values through source-generated metadata only: the workflow's own resolver (its
/// <c>JsonSerializerContext</c>) first, then the built-in primitives. A type neither knows is a clear error, not a
/// reflection fallback (Native AOT safe).
/// </summary>
internal sealed class DurableSerializer
{
    private readonly JsonSerializerOptions _options;

    public DurableSerializer(IJsonTypeInfoResolver? types)
    {
        _options = new JsonSerializerOptions
        {
            TypeInfoResolver = types is null ? DurableValueJsonContext.Default : JsonTypeInfoResolver.Combine(types, DurableValueJsonContext.Default),
        };
        _options.MakeReadOnly();
    }

    public JsonTypeInfo<T> TypeInfo<T>()
    {
        if (_options.TryGetTypeInfo(typeof(T), out var info) && info is JsonTypeInfo<T> typed)
        {
            return typed;
        }

        throw new InvalidOperationException(
            $"No JSON metadata for {typeof(T).FullName}: add [JsonSerializable(typeof({typeof(T).Name}))] to the JsonSerializerContext given to the durable function.");
    }

    public string Serialize<T>(T value) => JsonSerializer.Serialize(value, TypeInfo<T>());

    public T Deserialize<T>(string? json)
    {
        if (json is null)
        {
            return default!;
        }

        return JsonSerializer.Deserialize(json, TypeInfo<T>())!;
    }

    /// <summary>Serializes a value to checkpoint; refuses one above the service's payload limit.</summary>
    public string SerializePayload<T>(T value, string what)
    {
        var json = Serialize(value);
        var bytes = Encoding.UTF8.GetByteCount(json);
        if (bytes > DurableLimits.MaxOperationPayloadBytes)
        {
            throw new DurableLimitExceededException(
                $"The result of {what} is {bytes} bytes serialized; a checkpointed payload may be at most {DurableLimits.MaxOperationPayloadBytes} bytes. Store large data elsewhere (an object store) and checkpoint its key.");
        }

        return json;
    }
}
