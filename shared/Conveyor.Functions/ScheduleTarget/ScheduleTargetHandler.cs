using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Actions;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Serialization;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.ScheduleTarget;

/// <summary>
/// What a schedule fires into: a <c>command</c> payload publishes its commands to the aggregate's queue; a <c>task</c>
/// payload creates a task (a step-function task when <c>stepFunction</c>). Any other <c>type</c> is rejected with
/// <see cref="UnknownSchedulePayloadException"/>.
/// </summary>
/// <remarks>
/// EventBridge Scheduler delivers at least once. When the payload carries <c>scheduleName</c> and <c>scheduledTime</c>
/// (the target input fills them from <c>&lt;aws.scheduler.schedule-arn&gt;</c> and <c>&lt;aws.scheduler.scheduled-time&gt;</c>;
/// the embedded scheduler sets them too) they form the created task's idempotency key, so one firing creates one task.
/// </remarks>
public sealed class ScheduleTargetHandler : ILambdaHandler<JsonElement, ScheduleTargetResponse>
{
    /// <summary>This function, described once: template.yaml's <c>ScheduleTargetFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<ScheduleTargetHandler, JsonElement, ScheduleTargetResponse>("ScheduleTarget", FunctionTrigger.Scheduler, TimeSpan.FromSeconds(30));

    public const string ScheduleNameField = "scheduleName";
    public const string ScheduledTimeField = "scheduledTime";

    private readonly ICommandPublisher _commands;
    private readonly ITaskStarter _tasks;
    private readonly ILogger _logger;

    public ScheduleTargetHandler(ICommandPublisher commands, ITaskStarter tasks, ILogger<ScheduleTargetHandler> logger)
    {
        _commands = commands ?? throw new ArgumentNullException(nameof(commands));
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<JsonElement> EventTypeInfo => LambdaEventsJsonContext.Default.JsonElement;

    public JsonTypeInfo<ScheduleTargetResponse> ResponseTypeInfo => FunctionsJsonContext.Default.ScheduleTargetResponse;

    /// <exception cref="UnknownSchedulePayloadException">The payload's <c>type</c> is missing or unknown.</exception>
    /// <exception cref="ValidationException">A known payload type with a missing or mistyped field.</exception>
    public async Task<ScheduleTargetResponse> HandleAsync(JsonElement input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (JsonUnicode.FindLoneSurrogate(input) is { } where)
        {
            throw new ValidationException($"The schedule payload has a {where} with a lone UTF-16 surrogate (an unpaired \\uD800–\\uDFFF escape), which is not text.");
        }

        var type = input.ValueKind == JsonValueKind.Object && input.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String
            ? t.GetString()
            : null;
        if (type is not (SchedulePayload.CommandTag or SchedulePayload.TaskTag))
        {
            var shown = type is null ? "no type" : $"type '{type}'";
            ScheduleTargetLog.UnknownPayload(_logger, shown);
            throw new UnknownSchedulePayloadException(
                $"The schedule payload has {shown}; expected \"type\": \"{SchedulePayload.CommandTag}\" or \"{SchedulePayload.TaskTag}\".")
            {
                PayloadType = type,
            };
        }

        var payload = SchedulePayload.Parse(input);
        if (payload is CommandSchedulePayload command)
        {
            await _commands.PublishAsync(command.Aggregate, command.Commands, cancellationToken);
            ScheduleTargetLog.CommandsPublished(_logger, command.Commands.Count, command.Aggregate);
            return new ScheduleTargetResponse { Type = SchedulePayload.CommandTag, Aggregate = command.Aggregate, Commands = command.Commands.Count };
        }

        // The type check above leaves only the two payload kinds.
        var task = (TaskSchedulePayload)payload;
        var request = new CreateTaskRequest(
            task.Tenant,
            task.TaskType,
            task.Input,
            CreatedBy: "scheduler",
            RequestId: context.RequestId,
            IdempotencyKey: FiringKey(input),
            StepFunction: task.StepFunction);
        var creation = await _tasks.StartAsync(request, cancellationToken);
        ScheduleTargetLog.TaskCreated(_logger, creation.Task.Id, creation.Created);
        return new ScheduleTargetResponse { Type = SchedulePayload.TaskTag, TaskId = creation.Task.Id, Created = creation.Created };
    }

    /// <summary><c>schedule-</c> + a hash of the schedule and its firing time; null when the payload does not say which firing it is.</summary>
    private static string? FiringKey(JsonElement input)
    {
        var name = OptionalString(input, ScheduleNameField);
        var time = OptionalString(input, ScheduledTimeField);
        if (string.IsNullOrEmpty(name) || string.IsNullOrEmpty(time))
        {
            return null;
        }

        return IdempotencyKeys.ForScheduleFiring(name, time);
    }

    private static string? OptionalString(JsonElement input, string name) =>
        input.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
