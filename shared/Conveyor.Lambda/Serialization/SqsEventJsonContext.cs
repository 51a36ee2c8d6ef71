using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.Sqs;

namespace Conveyor.Lambda.Serialization;

/// <summary>
/// Source-generated metadata (AOT-clean) of the SQS event and its partial batch response.
/// </summary>
/// <remarks>
/// One context per event source, so a function's native build roots the JSON metadata of its own event only (a context
/// roots every type it lists; bench/cold-start.sh). All read alike: a JSON <c>null</c> for a property the model declares
/// non-nullable (<c>{"Records":null}</c>) is refused while reading (<c>RespectNullableAnnotations</c>), so a handler
/// never meets a null where the type says there is none.
/// </remarks>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(SqsEvent))]
[JsonSerializable(typeof(BatchResponse))]
public sealed partial class SqsEventJsonContext : JsonSerializerContext;
