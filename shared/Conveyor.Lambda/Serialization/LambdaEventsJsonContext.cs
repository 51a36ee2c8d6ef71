using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Events.S3;
using Conveyor.Lambda.Events.Sqs;

namespace Conveyor.Lambda.Serialization;

/// <summary>
/// Source-generated metadata for the AWS event and response models (AOT-clean); the state machine's payloads, which
/// Conveyor defines itself, are in Conveyor.Functions. The scheduler payload is free-form:
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
[JsonSerializable(typeof(HttpApiRequest))]
[JsonSerializable(typeof(HttpApiResponse))]
[JsonSerializable(typeof(JsonElement))]
public sealed partial class LambdaEventsJsonContext : JsonSerializerContext;
