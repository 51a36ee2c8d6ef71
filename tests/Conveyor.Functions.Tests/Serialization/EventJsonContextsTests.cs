using System.Text.Json;
using System.Text.Json.Serialization;
using Conveyor.Functions.Serialization;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Functions.Tests.Serialization;

/// <summary>
/// The functions' events and payloads are read through one source-generated context per event source and per function
/// (so each native build roots only its own shapes); each declares the same strict reading, which this checks for all.
/// </summary>
public sealed class EventJsonContextsTests
{
    public static TheoryData<string> Contexts => [.. All.Keys];

    private static readonly Dictionary<string, JsonSerializerContext> All = new(StringComparer.Ordinal)
    {
        [nameof(S3EventJsonContext)] = S3EventJsonContext.Default,
        [nameof(SqsEventJsonContext)] = SqsEventJsonContext.Default,
        [nameof(DynamoDbStreamEventJsonContext)] = DynamoDbStreamEventJsonContext.Default,
        [nameof(HttpApiJsonContext)] = HttpApiJsonContext.Default,
        [nameof(FreeFormEventJsonContext)] = FreeFormEventJsonContext.Default,
        [nameof(FileTriggerJsonContext)] = FileTriggerJsonContext.Default,
        [nameof(MapItemJsonContext)] = MapItemJsonContext.Default,
        [nameof(FinalizeJsonContext)] = FinalizeJsonContext.Default,
        [nameof(ScheduleTargetJsonContext)] = ScheduleTargetJsonContext.Default,
    };

    [Theory]
    [MemberData(nameof(Contexts))]
    public void Options_WhenAnEventContext_ShouldReadStrictly(string name)
    {
        var options = All[name].Options;

        Assert.True(options.RespectNullableAnnotations, $"{name}: a JSON null where the model declares none must be refused");
        Assert.False(options.AllowTrailingCommas, name);
        Assert.Equal(JsonCommentHandling.Disallow, options.ReadCommentHandling);
        Assert.Equal(JsonIgnoreCondition.Never, options.DefaultIgnoreCondition);
    }
}
