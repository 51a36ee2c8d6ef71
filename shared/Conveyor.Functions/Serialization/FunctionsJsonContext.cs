using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StateMachine;

namespace Conveyor.Functions.Serialization;

/// <summary>
/// Source-generated metadata for what these functions define themselves (AOT-clean): the payloads the state machine
/// sends MapItem and Finalize, and the functions' responses. Read as strictly as the AWS events
/// (<c>SqsEventJsonContext</c> and the other event contexts): a JSON <c>null</c> where the model declares none is refused while reading.
/// </summary>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(MapItemPayload))]
[JsonSerializable(typeof(FinalizePayload))]
[JsonSerializable(typeof(FileTriggerResponse))]
[JsonSerializable(typeof(TaskStatusResponse))]
[JsonSerializable(typeof(MapItemResponse))]
[JsonSerializable(typeof(ScheduleTargetResponse))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
