using Amazon.S3;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Hosting;
using Conveyor.Aws.S3;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Sns;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.StepFunctions;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Aws.Tests.Hosting;

public sealed class AwsServiceCollectionExtensionsTests
{
    private static readonly Dictionary<string, string?> Settings = new()
    {
        ["AWS_REGION"] = "us-east-1",
        ["AWS_ENDPOINT_URL"] = "http://127.0.0.1:4566",
        ["AWS_ACCESS_KEY_ID"] = "testing",
        ["AWS_SECRET_ACCESS_KEY"] = "testing",
        ["Conveyor:TasksTable"] = "tasks",
        ["Conveyor:TaskQueueUrl"] = "http://127.0.0.1:4566/123456789012/tasks",
        ["Conveyor:StatusTopicArn"] = "arn:aws:sns:us-east-1:123456789012:status",
        ["Conveyor:AlarmTopicArn"] = "arn:aws:sns:us-east-1:123456789012:alarm",
        ["Conveyor:ArtifactsBucket"] = "artifacts",
        ["Conveyor:StateMachineArn"] = "arn:aws:states:us-east-1:123456789012:stateMachine:sm",
        ["Conveyor:ScheduleTargetArn"] = "arn:aws:lambda:us-east-1:123456789012:function:target",
        ["Conveyor:SchedulerRoleArn"] = "arn:aws:iam::123456789012:role/scheduler",
    };

    [Fact]
    public void AddConveyorAws_WhenConfigured_ShouldRegisterEveryPortWithItsAwsAdapter()
    {
        using var provider = Provider(Settings);

        Assert.IsType<DynamoDbTaskStore>(provider.GetRequiredService<ITaskStore>());
        Assert.IsType<SqsTaskQueue>(provider.GetRequiredService<ITaskQueue>());
        Assert.IsType<SqsCommandPublisher>(provider.GetRequiredService<ICommandPublisher>());
        Assert.IsType<S3ObjectStore>(provider.GetRequiredService<IObjectStore>());
        Assert.IsType<StepFunctionsWorkflowStarter>(provider.GetRequiredService<IWorkflowStarter>());
        Assert.IsType<EventBridgeScheduleService>(provider.GetRequiredService<IScheduleService>());
        Assert.IsType<SnsNotifier>(provider.GetRequiredService<INotifier>());
        Assert.Same(DynamoDbStreamRecordDecoder.Instance, provider.GetRequiredService<ITaskImageDecoder>());
    }

    [Fact]
    public void AddConveyorAws_WhenEndpointGiven_ShouldCreateOneS3ClientWithPathStyleAtThatEndpoint()
    {
        using var provider = Provider(Settings);

        var s3 = provider.GetRequiredService<IAmazonS3>();

        Assert.Same(s3, provider.GetRequiredService<IAmazonS3>());
        var config = (AmazonS3Config)s3.Config;
        Assert.True(config.ForcePathStyle);
        Assert.StartsWith("http://127.0.0.1:4566", config.ServiceURL, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConveyorAws_WhenASettingIsMissing_ShouldFailOnFirstResolveNotOnRegistration()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["Conveyor:TasksTable"] = null };
        using var provider = Provider(settings);

        var error = Assert.Throws<ValidationException>(() => provider.GetRequiredService<ITaskQueue>());

        Assert.Contains("CONVEYOR__TASKSTABLE", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddConveyorAws_WhenASettingIsMissing_ShouldFailTheStartValidationNamingIt()
    {
        var settings = new Dictionary<string, string?>(Settings) { ["AWS_REGION"] = null };
        using var provider = Provider(settings);

        // What the host runs once at start (the Lambda init, the engine's start), before any adapter is resolved.
        var error = Assert.Throws<ValidationException>(() => ValidatedOptions.ValidateAll(provider));

        Assert.Contains("AWS_REGION", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Provider(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddLogging();
        services.AddConveyorAws(configuration);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }
}
