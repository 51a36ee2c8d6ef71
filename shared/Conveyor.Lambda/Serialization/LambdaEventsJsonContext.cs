using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Lambda.Events.StepFunctions;

namespace Conveyor.Lambda.Serialization;

/// <summary>
/// Source-generated metadata for every event and response model (AOT-clean). The scheduler payload is free-form:
/// handle it as <see cref="JsonElement"/> (<c>LambdaEventsJsonContext.Default.JsonElement</c>).
/// A JSON <c>null</c> for a property the model declares non-nullable (<c>{"Records":null}</c>) is refused while reading
/// (<c>RespectNullableAnnotations</c>), so a handler never meets a null where the type says there is none.
/// </summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(S3Event))]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(DynamoDbStreamEvent))]
[JsonSerializable(typeof(BatchResponse))]
[JsonSerializable(typeof(MapItemPayload))]
[JsonSerializable(typeof(FinalizePayload))]
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class LambdaEventsJsonContext : JsonSerializerContext;
