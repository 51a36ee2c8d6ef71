using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Functions.FileTrigger;

namespace Conveyor.Functions.Serialization;

/// <summary>
/// Source-generated metadata (AOT-clean) of FileTrigger's response.
/// </summary>
/// <remarks>
/// One context per function, so a function's native build roots its own shapes only (a context roots every type it lists;
/// bench/cold-start.sh). Read as strictly as the AWS events (<c>SqsEventJsonContext</c> and the other event contexts): a
/// JSON <c>null</c> where the model declares none is refused while reading.
/// </remarks>
[JsonSourceGenerationOptions(
    RespectNullableAnnotations = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    AllowTrailingCommas = false,
    ReadCommentHandling = JsonCommentHandling.Disallow)]
[JsonSerializable(typeof(FileTriggerResponse))]
public sealed partial class FileTriggerJsonContext : JsonSerializerContext;
