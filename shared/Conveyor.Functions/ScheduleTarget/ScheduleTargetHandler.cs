using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Actions;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.Workflows;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.ScheduleTarget;

/// <summary>
/// What a schedule fires into: a <c>command</c> payload publishes its commands to the aggregate's queue; a <c>task</c>
/// payload creates a task (a step-function task when <c>stepFunction</c>); a <c>reconcile-workflows</c> payload (the
/// template's recurring <c>WorkflowReconcile</c> schedule) tells the tasks of durable executions that ended without
/// invoking their function how they ended (<see cref="WorkflowService.ReconcileAsync"/>). Any other <c>type</c> is
/// rejected with <see cref="UnknownSchedulePayloadException"/>.
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
        FunctionDescriptor.For<ScheduleTargetHandler, JsonElement, ScheduleTargetResponse>(
            "ScheduleTarget",
            FunctionTrigger.Scheduler,
            TimeSpan.FromSeconds(30),
            sp => new ScheduleTargetHandler(sp.GetRequiredService<ICommandPublisher>(), sp.GetRequiredService<ITaskStarter>(), sp.GetLogger<ScheduleTargetHandler>(), sp.GetService<WorkflowService>()));

    public const string ScheduleNameField = "scheduleName";

    /// <summary>The payload type of the recurring sweep over ended durable executions.</summary>
    public const string ReconcileWorkflowsTag = "reconcile-workflows";

    /// <summary>How many executions of each ended status one sweep looks at, newest first (the payload's <c>limit</c> may lower it).</summary>
    public const int MaxReconciled = 1000;
    public const string ScheduledTimeField = "scheduledTime";

    private readonly ICommandPublisher _commands;
    private readonly ITaskStarter _tasks;
    private readonly ILogger _logger;
    private readonly WorkflowService? _workflows;

    /// <param name="workflows">Runs <c>reconcile-workflows</c> sweeps; without it (no durable execution service on this host) such a payload is refused as unknown here.</param>
    public ScheduleTargetHandler(ICommandPublisher commands, ITaskStarter tasks, ILogger<ScheduleTargetHandler> logger, WorkflowService? workflows = null)
    {
        _commands = commands ?? throw new ArgumentNullException(nameof(commands));
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _workflows = workflows;
    }

    public JsonTypeInfo<JsonElement> EventTypeInfo => FreeFormEventJsonContext.Default.JsonElement;

    public JsonTypeInfo<ScheduleTargetResponse> ResponseTypeInfo => ScheduleTargetJsonContext.Default.ScheduleTargetResponse;

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
        if (type == ReconcileWorkflowsTag)
        {
            return await ReconcileAsync(input, cancellationToken);
        }

        if (type is not (SchedulePayload.CommandTag or SchedulePayload.TaskTag))
        {
            var shown = type is null ? "no type" : $"type '{type}'";
            ScheduleTargetLog.UnknownPayload(_logger, shown);
            throw new UnknownSchedulePayloadException(
                $"The schedule payload has {shown}; expected \"type\": \"{SchedulePayload.CommandTag}\", \"{SchedulePayload.TaskTag}\" or \"{ReconcileWorkflowsTag}\".")
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

    private async Task<ScheduleTargetResponse> ReconcileAsync(JsonElement input, CancellationToken cancellationToken)
    {
        var limit = MaxReconciled;
        if (input.TryGetProperty("limit", out var given))
        {
            if (given.ValueKind != JsonValueKind.Number || !given.TryGetInt32(out limit) || limit is < 1 or > MaxReconciled)
            {
                throw new ValidationException($"The {ReconcileWorkflowsTag} payload's \"limit\" must be a whole number from 1 to {MaxReconciled}.");
            }
        }

        var workflows = _workflows ?? throw new UnknownSchedulePayloadException(
            $"The schedule payload has type '{ReconcileWorkflowsTag}', which needs a durable execution service, and this host has none: set CONVEYOR__DURABLEFUNCTIONS__<NAME> to the workflow's alias ARN.")
        {
            PayloadType = ReconcileWorkflowsTag,
        };
        var done = await workflows.ReconcileAsync(limit, cancellationToken);
        ScheduleTargetLog.WorkflowsReconciled(_logger, done.Examined, done.Reconciled);
        return new ScheduleTargetResponse { Type = ReconcileWorkflowsTag, Examined = done.Examined, Reconciled = done.Reconciled };
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
