using Conveyor.Aws.Hosting;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.Aws.Tests.Hosting;

public sealed class ConveyorAwsOptionsTests
{
    private static readonly Dictionary<string, string?> Complete = new()
    {
        ["AWS_REGION"] = "eu-west-1",
        ["Conveyor:TasksTable"] = "conveyor-dev-tasks",
        ["Conveyor:TaskQueueUrl"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/conveyor-dev-tasks",
        ["Conveyor:StatusTopicArn"] = "arn:aws:sns:eu-west-1:123456789012:conveyor-dev-task-status",
        ["Conveyor:AlarmTopicArn"] = "arn:aws:sns:eu-west-1:123456789012:conveyor-dev-task-alarm",
        ["Conveyor:ArtifactsBucket"] = "conveyor-dev-123456789012-artifacts",
        ["Conveyor:StateMachineArn"] = "arn:aws:states:eu-west-1:123456789012:stateMachine:conveyor-dev-step-function-task",
        ["Conveyor:ScheduleGroup"] = "conveyor-dev",
        ["Conveyor:ScheduleTargetArn"] = "arn:aws:lambda:eu-west-1:123456789012:function:conveyor-dev-schedule-target",
        ["Conveyor:SchedulerRoleArn"] = "arn:aws:iam::123456789012:role/scheduler",
        ["Conveyor:CommandQueues:CUSTOMER"] = "https://sqs.eu-west-1.amazonaws.com/123456789012/conveyor-dev-customer-commands",
    };

    [Fact]
    public void FromConfiguration_WhenEverySettingPresent_ShouldBindAndValidate()
    {
        var options = ConveyorAwsOptions.FromConfiguration(Configuration(Complete)).Validate();

        Assert.Equal("eu-west-1", options.Region);
        Assert.Equal("conveyor-dev-tasks", options.TasksTable);
        Assert.Equal("conveyor-dev", options.ScheduleGroup);
        Assert.Null(options.EndpointUrl);
        Assert.Equal(Complete["Conveyor:CommandQueues:CUSTOMER"], options.CommandQueues["customer"]);
    }

    [Theory]
    [InlineData("AWS_REGION", "AWS_REGION")]
    [InlineData("Conveyor:TasksTable", "CONVEYOR__TASKSTABLE")]
    [InlineData("Conveyor:TaskQueueUrl", "CONVEYOR__TASKQUEUEURL")]
    [InlineData("Conveyor:StatusTopicArn", "CONVEYOR__STATUSTOPICARN")]
    [InlineData("Conveyor:AlarmTopicArn", "CONVEYOR__ALARMTOPICARN")]
    [InlineData("Conveyor:ArtifactsBucket", "CONVEYOR__ARTIFACTSBUCKET")]
    [InlineData("Conveyor:StateMachineArn", "CONVEYOR__STATEMACHINEARN")]
    [InlineData("Conveyor:ScheduleTargetArn", "CONVEYOR__SCHEDULETARGETARN")]
    [InlineData("Conveyor:SchedulerRoleArn", "CONVEYOR__SCHEDULERROLEARN")]
    public void Validate_WhenASettingIsMissing_ShouldNameItsEnvironmentVariable(string key, string variable)
    {
        var settings = new Dictionary<string, string?>(Complete) { [key] = null };

        var error = Assert.Throws<ValidationException>(() => ConveyorAwsOptions.FromConfiguration(Configuration(settings)).Validate());

        Assert.Contains(variable, error.Message, StringComparison.Ordinal);
        Assert.Contains("(1)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_WhenSeveralSettingsAreWrong_ShouldReportThemAllAtOnce()
    {
        var settings = new Dictionary<string, string?>(Complete)
        {
            ["Conveyor:TaskQueueUrl"] = "conveyor-dev-tasks",
            ["Conveyor:StatusTopicArn"] = "conveyor-dev-task-status",
            ["Conveyor:CommandQueues:CUSTOMER"] = "not a url",
        };

        var error = Assert.Throws<ValidationException>(() => ConveyorAwsOptions.FromConfiguration(Configuration(settings)).Validate());

        Assert.Contains("(3)", error.Message, StringComparison.Ordinal);
        Assert.Contains("CONVEYOR__COMMANDQUEUES__CUSTOMER", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Conveyor:EndpointUrl", "http://127.0.0.1:5000")]
    [InlineData("AWS_ENDPOINT_URL", "http://127.0.0.1:5000")]
    public void FromConfiguration_WhenEndpointGiven_ShouldAimEveryClientThere(string key, string url)
    {
        var settings = new Dictionary<string, string?>(Complete) { [key] = url };

        var options = ConveyorAwsOptions.FromConfiguration(Configuration(settings));

        Assert.Equal(new Uri(url), options.EndpointUrl);
    }

    [Fact]
    public void FromConfiguration_WhenEndpointIsNotAnHttpUrl_ShouldThrow()
    {
        var settings = new Dictionary<string, string?>(Complete) { ["AWS_ENDPOINT_URL"] = "ftp://example" };

        Assert.Throws<ValidationException>(() => ConveyorAwsOptions.FromConfiguration(Configuration(settings)));
    }

    private static IConfiguration Configuration(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
