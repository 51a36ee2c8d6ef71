using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>A named schedule: when (<see cref="Rate"/>) and what it fires into the system (<see cref="Payload"/>).</summary>
/// <remarks>
/// Validated on construction and on <c>with</c>: the name (see <see cref="ScheduleNames"/>), a rate, and a payload that is a
/// JSON object (see <see cref="SchedulePayload"/> for the shapes the ScheduleTarget function understands). The payload is
/// cloned so the schedule outlives the <see cref="JsonDocument"/> it came from.
/// </remarks>
public sealed record Schedule(string Name, ScheduleRate Rate, JsonElement Payload)
{
    public string Name { get; init => field = ScheduleNames.Validate(value); } = ScheduleNames.Validate(Name);

    public ScheduleRate Rate { get; init => field = ValidateRate(value); } = ValidateRate(Rate);

    public JsonElement Payload { get; init => field = ValidatePayload(value); } = ValidatePayload(Payload);

    /// <summary>A schedule firing <paramref name="payload"/>.</summary>
    public static Schedule Create(string name, ScheduleRate rate, SchedulePayload payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        return new Schedule(name, rate, payload.ToJsonElement());
    }

    private static ScheduleRate ValidateRate(ScheduleRate? rate) =>
        rate ?? throw new ValidationException("A schedule needs a rate.", nameof(rate));

    private static JsonElement ValidatePayload(JsonElement payload)
    {
        if (payload.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException(
                $"A schedule payload must be a JSON object such as {{\"type\":\"task\",...}}; got {(payload.ValueKind == JsonValueKind.Undefined ? "nothing" : payload.ValueKind.ToString())}.",
                nameof(payload));
        }

        return payload.Clone();
    }
}
