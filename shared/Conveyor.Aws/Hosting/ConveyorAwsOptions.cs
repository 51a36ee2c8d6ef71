using System.Globalization;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.Aws.Hosting;

/// <summary>
/// Where a function's AWS resources are, from the <c>Conveyor</c> configuration section — the <c>CONVEYOR__*</c>
/// environment variables template.yaml gives every function — plus the region (<c>AWS_REGION</c>) and an optional
/// endpoint (<c>Conveyor:EndpointUrl</c> or the standard <c>AWS_ENDPOINT_URL</c>) that aims every client at an emulator.
/// </summary>
public sealed record ConveyorAwsOptions : IValidatedOptions<ConveyorAwsOptions>
{
    public const string SectionName = "Conveyor";

    public required string Region { get; init; }

    /// <summary>Every client (SDK and thin) goes here instead of the public endpoints; S3 then uses path-style addressing.</summary>
    public Uri? EndpointUrl { get; init; }

    public string TasksTable { get; init; } = "";

    public string TaskQueueUrl { get; init; } = "";

    /// <summary>Where TaskWorker dead-letters a message with its cause (<c>CONVEYOR__TASKDEADLETTERQUEUEURL</c>); only TaskWorker needs it, and checks it at init.</summary>
    public string TaskDeadLetterQueueUrl { get; init; } = "";

    public string StatusTopicArn { get; init; } = "";

    public string AlarmTopicArn { get; init; } = "";

    /// <summary>Workflow manifests and task inputs/results too large for a DynamoDB item.</summary>
    public string ArtifactsBucket { get; init; } = "";

    public string StateMachineArn { get; init; } = "";

    /// <summary>Null = the default schedule group.</summary>
    public string? ScheduleGroup { get; init; }

    public string ScheduleTargetArn { get; init; } = "";

    public string SchedulerRoleArn { get; init; } = "";

    /// <summary>Aggregate name (e.g. <c>customer</c>) → command queue URL (<c>CONVEYOR__COMMANDQUEUES__&lt;AGGREGATE&gt;</c>).</summary>
    public IReadOnlyDictionary<string, string> CommandQueues { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the settings; absent values stay empty and are reported by <see cref="Validate"/>.</summary>
    public static ConveyorAwsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var endpoint = NonEmpty(section["EndpointUrl"]) ?? NonEmpty(configuration["AWS_ENDPOINT_URL"]);
        return new ConveyorAwsOptions
        {
            Region = NonEmpty(configuration["AWS_REGION"]) ?? NonEmpty(configuration["AWS_DEFAULT_REGION"]) ?? "",
            EndpointUrl = endpoint is null ? null : ParseEndpoint(endpoint),
            TasksTable = section["TasksTable"] ?? "",
            TaskQueueUrl = section["TaskQueueUrl"] ?? "",
            TaskDeadLetterQueueUrl = section["TaskDeadLetterQueueUrl"] ?? "",
            StatusTopicArn = section["StatusTopicArn"] ?? "",
            AlarmTopicArn = section["AlarmTopicArn"] ?? "",
            ArtifactsBucket = section["ArtifactsBucket"] ?? "",
            StateMachineArn = section["StateMachineArn"] ?? "",
            ScheduleGroup = NonEmpty(section["ScheduleGroup"]),
            ScheduleTargetArn = section["ScheduleTargetArn"] ?? "",
            SchedulerRoleArn = section["SchedulerRoleArn"] ?? "",
            CommandQueues = section.GetSection("CommandQueues").GetChildren()
                .Where(child => !string.IsNullOrWhiteSpace(child.Value))
                .ToDictionary(child => child.Key.ToLowerInvariant(), child => child.Value!, StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>Checks every setting at once, so a misconfigured function reports all its problems in one init error.</summary>
    /// <exception cref="ValidationException">Lists each missing or malformed setting with its environment variable.</exception>
    public ConveyorAwsOptions Validate()
    {
        var problems = new List<string>();
        Require(problems, Region, "AWS_REGION", "the AWS region");
        Require(problems, TasksTable, "CONVEYOR__TASKSTABLE", "the tasks table name");
        RequireUrl(problems, TaskQueueUrl, "CONVEYOR__TASKQUEUEURL", "the task queue URL");
        RequireArn(problems, StatusTopicArn, "CONVEYOR__STATUSTOPICARN", "the status topic ARN");
        RequireArn(problems, AlarmTopicArn, "CONVEYOR__ALARMTOPICARN", "the alarm topic ARN");
        Require(problems, ArtifactsBucket, "CONVEYOR__ARTIFACTSBUCKET", "the artifacts bucket name");
        RequireArn(problems, StateMachineArn, "CONVEYOR__STATEMACHINEARN", "the step-function-task state machine ARN");
        RequireArn(problems, ScheduleTargetArn, "CONVEYOR__SCHEDULETARGETARN", "the ARN schedules invoke (ScheduleTarget)");
        RequireArn(problems, SchedulerRoleArn, "CONVEYOR__SCHEDULERROLEARN", "the role EventBridge Scheduler assumes");
        foreach (var (aggregate, url) in CommandQueues)
        {
            RequireUrl(problems, url, $"CONVEYOR__COMMANDQUEUES__{aggregate.ToUpperInvariant()}", $"the command queue URL of '{aggregate}'");
        }

        return problems.Count == 0
            ? this
            : throw new ValidationException(
                string.Create(CultureInfo.InvariantCulture, $"The AWS settings are incomplete ({problems.Count}): {string.Join("; ", problems)}."),
                nameof(ConveyorAwsOptions));
    }

    private static void Require(List<string> problems, string value, string variable, string what)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"{variable} must be set to {what}");
        }
    }

    private static void RequireUrl(List<string> problems, string value, string variable, string what)
    {
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp))
        {
            problems.Add($"{variable} must be {what} (an http(s) URL); got '{value}'");
        }
    }

    private static void RequireArn(List<string> problems, string value, string variable, string what)
    {
        if (!value.StartsWith("arn:", StringComparison.Ordinal) || value.Split(':').Length < 6)
        {
            problems.Add($"{variable} must be {what} (arn:partition:service:region:account:resource); got '{value}'");
        }
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    private static Uri ParseEndpoint(string value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps)
            ? uri
            : throw new ValidationException($"Conveyor:EndpointUrl / AWS_ENDPOINT_URL must be an http(s) URL; got '{value}'.", nameof(value));
}
