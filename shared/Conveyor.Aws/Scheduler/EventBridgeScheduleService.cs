using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Microsoft.Extensions.Logging;

namespace Conveyor.Aws.Scheduler;

/// <summary>
/// <see cref="IScheduleService"/> on EventBridge Scheduler. Create is create-or-replace (a redelivered create
/// converges on the same schedule); delete of an absent schedule is success (false); one-time schedules delete
/// themselves after firing. Target input = the schedule payload JSON plus the firing's schedule ARN and time
/// (<see cref="ScheduleTargetInput"/>), so a redelivered firing is recognised downstream.
/// </summary>
public sealed partial class EventBridgeScheduleService(
    SchedulerClient client,
    SchedulerOptions options,
    ILogger<EventBridgeScheduleService> logger) : IScheduleService
{
    private readonly SchedulerClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly SchedulerOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly ILogger<EventBridgeScheduleService> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public async Task CreateAsync(Schedule schedule, CancellationToken cancellationToken)
    {
        var definition = ToDefinition(schedule, "create");
        try
        {
            await _client.CreateScheduleAsync(definition, cancellationToken);
            LogCreated(_logger, schedule.Name, definition.ScheduleExpression);
        }
        catch (AwsConflictException)
        {
            // Replace semantics: UpdateSchedule overwrites every field, so the result equals a fresh create.
            await _client.UpdateScheduleAsync(definition with { ClientToken = ClientToken("update", schedule) }, cancellationToken);
            LogReplaced(_logger, schedule.Name, definition.ScheduleExpression);
        }
    }

    public async Task<bool> DeleteAsync(string name, CancellationToken cancellationToken)
    {
        try
        {
            await _client.DeleteScheduleAsync(name, _options.GroupName, clientToken: null, cancellationToken);
            return true;
        }
        catch (AwsResourceNotFoundException)
        {
            return false;
        }
    }

    /// <exception cref="FormatException">The schedule exists but was not made by Conveyor (its expression or input cannot be read back).</exception>
    public async Task<Schedule?> GetAsync(string name, CancellationToken cancellationToken)
    {
        ScheduleDescription description;
        try
        {
            description = await _client.GetScheduleAsync(name, _options.GroupName, cancellationToken);
        }
        catch (AwsResourceNotFoundException)
        {
            return null;
        }

        var rate = ScheduleExpressionParser.Parse(description.ScheduleExpression);
        return new Schedule(description.Name, rate, ScheduleTargetInput.Decompose(description.Target.Input));
    }

    /// <summary>The Scheduler request for <paramref name="schedule"/>; public so request shapes can be checked.</summary>
    public ScheduleDefinition ToDefinition(Schedule schedule, string operation = "create")
    {
        ArgumentNullException.ThrowIfNull(schedule);
        return new ScheduleDefinition(
            schedule.Name,
            schedule.Rate.ToExpression(),
            new ScheduleTargetDefinition(_options.TargetArn, _options.RoleArn, ScheduleTargetInput.Compose(schedule.Payload)))
        {
            GroupName = _options.GroupName,
            ScheduleExpressionTimezone = _options.Timezone,
            FlexibleTimeWindowMode = "OFF",
            ActionAfterCompletion = schedule.Rate.IsOneTime ? "DELETE" : "NONE",
            ClientToken = ClientToken(operation, schedule),
        };
    }

    /// <summary>
    /// SHA-256 (hex, 64 characters: the token limit) of the operation, name, expression and payload: the same
    /// request repeated carries the same token, a changed schedule a new one.
    /// </summary>
    public static string ClientToken(string operation, Schedule schedule)
    {
        ArgumentNullException.ThrowIfNull(schedule);
        var text = string.Join('\n', operation, schedule.Name, schedule.Rate.ToExpression(), schedule.Payload.GetRawText());
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Created schedule {ScheduleName} ({Expression})")]
    private static partial void LogCreated(ILogger logger, string scheduleName, string expression);

    [LoggerMessage(Level = LogLevel.Information, Message = "Replaced existing schedule {ScheduleName} ({Expression})")]
    private static partial void LogReplaced(ILogger logger, string scheduleName, string expression);
}
