using System.Text.Json.Serialization;
using Conveyor.Core.Tasks;

namespace Conveyor.Lambda.Events.StepFunctions;

/// <summary>A task's key on the wire: <c>{"pk":"SFN_TASK#tenant","sk":"type#ULID"}</c>.</summary>
public sealed record TaskKeyPayload(
    [property: JsonPropertyName("pk")] string Pk,
    [property: JsonPropertyName("sk")] string Sk)
{
    public TaskKey ToTaskKey() => new(Pk, Sk);
}
