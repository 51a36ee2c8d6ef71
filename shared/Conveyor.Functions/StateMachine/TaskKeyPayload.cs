using System.Text.Json.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Functions.StateMachine;

/// <summary>A task's key on the wire: <c>{"pk":"SFN_TASK#tenant","sk":"type#ULID"}</c>.</summary>
public sealed record TaskKeyPayload(
    [property: JsonPropertyName("pk")] string Pk,
    [property: JsonPropertyName("sk")] string Sk)
{
    /// <exception cref="ValidationException">The key lacks its pk or sk (a malformed event).</exception>
    public TaskKey ToTaskKey() => string.IsNullOrEmpty(Pk) || string.IsNullOrEmpty(Sk)
        ? throw new ValidationException("The task key needs both \"pk\" and \"sk\" as non-empty strings.", "parent")
        : new(Pk, Sk);

    /// <summary>The key of <paramref name="payload"/>, which a malformed event may lack.</summary>
    /// <exception cref="ValidationException">No key, or one without its pk or sk.</exception>
    public static TaskKey Require(TaskKeyPayload? payload, string name) =>
        (payload ?? throw new ValidationException($"The event has no \"{name}\" task key {{\"pk\", \"sk\"}}.", name)).ToTaskKey();
}
