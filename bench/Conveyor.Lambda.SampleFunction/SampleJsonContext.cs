using System.Text.Json.Serialization;

namespace Conveyor.Lambda.SampleFunction;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(GreetingRequest))]
[JsonSerializable(typeof(GreetingResponse))]
internal sealed partial class SampleJsonContext : JsonSerializerContext;
