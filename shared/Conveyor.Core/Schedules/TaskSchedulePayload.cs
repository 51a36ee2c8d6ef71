using System.Text.Json;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>Creates a task (a step-function task when <see cref="StepFunction"/>) when the schedule fires.</summary>
public sealed record TaskSchedulePayload : SchedulePayload
{
    /// <exception cref="ValidationException">Invalid tenant or task type (see <see cref="TaskKeys.ValidateSegment"/>), or no input.</exception>
    public TaskSchedulePayload(string tenant, string taskType, JsonElement input, bool stepFunction = false)
    {
        TaskKeys.ValidateTenant(tenant);
        TaskKeys.ValidateSegment(taskType, "type", TaskKeys.MaxTypeLength);
        if (input.ValueKind == JsonValueKind.Undefined)
        {
            throw new ValidationException($"A task schedule payload for '{taskType}' needs an input (use {{}} for none).", nameof(input));
        }

        Tenant = tenant;
        TaskType = taskType;
        Input = input.Clone();
        StepFunction = stepFunction;
    }

    public override string Type => SchedulePayload.TaskTag;

    public string Tenant { get; }

    public string TaskType { get; }

    public JsonElement Input { get; }

    public bool StepFunction { get; }

    internal static TaskSchedulePayload Read(JsonElement json) => new(
        PayloadReader.RequiredString(json, "tenant"),
        PayloadReader.RequiredString(json, "taskType"),
        PayloadReader.Required(json, "input"),
        PayloadReader.OptionalBool(json, "stepFunction"));

    private protected override void WriteProperties(Utf8JsonWriter writer)
    {
        writer.WriteString("tenant", Tenant);
        writer.WriteString("taskType", TaskType);
        writer.WritePropertyName("input");
        Input.WriteTo(writer);
        writer.WriteBoolean("stepFunction", StepFunction);
    }
}
