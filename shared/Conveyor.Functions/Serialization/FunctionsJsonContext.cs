using System.Text.Json.Serialization;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.ScheduleTarget;

namespace Conveyor.Functions.Serialization;

/// <summary>Source-generated metadata for the requests and responses these functions define themselves (AOT-clean).</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(FileTriggerResponse))]
[JsonSerializable(typeof(TaskStatusResponse))]
[JsonSerializable(typeof(MapItemResponse))]
[JsonSerializable(typeof(ScheduleTargetResponse))]
public sealed partial class FunctionsJsonContext : JsonSerializerContext;
