using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable.Protocol;

namespace Conveyor.Testing.Lambda;

/// <summary>JSON of the fake's answers: dictionaries of plain values and the protocol's ErrorObject, nulls left out.</summary>
internal static class FakeJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = JsonTypeInfoResolver.Combine(DurableProtocolJsonContext.Default, new DefaultJsonTypeInfoResolver()),
    };
}
