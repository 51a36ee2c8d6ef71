namespace Conveyor.Aws.Sns;

/// <summary>The two topics: status changes (task-status, sub-task-status) and alarms (sfn-alarm).</summary>
public sealed record SnsOptions
{
    public required string StatusTopicArn { get; init; }

    public required string AlarmTopicArn { get; init; }
}
