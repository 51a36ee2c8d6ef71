using System.Diagnostics.CodeAnalysis;
using Amazon;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Http;
using Conveyor.Aws.Lambda;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.S3;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Signing;
using Conveyor.Aws.Sns;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.StepFunctions;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Conveyor.Aws.Hosting;

/// <summary>The AWS composition root shared by every function executable.</summary>
public static class AwsServiceCollectionExtensions
{
    /// <summary>
    /// Registers every Core port with its AWS adapter (DynamoDB task store, SQS task queue, dead-letter queue and command
    /// publisher, S3 object store, Step Functions workflow starter, EventBridge Scheduler schedule service, SNS notifier)
    /// and <see cref="ITaskImageDecoder"/> with the DynamoDB stream decoder, over SDK and thin clients created once; with
    /// <c>Conveyor:DurableFunctions</c> set, <see cref="IDurableExecutionService"/> with the Lambda durable execution API.
    /// </summary>
    /// <remarks>
    /// <see cref="ConveyorAwsOptions"/> are read and validated once when the host starts (<see cref="ValidatedOptions"/>), or
    /// when the first adapter is resolved: a missing setting is an init error naming the variable, never a failure of the first event.
    /// The SDK's own retries are off: the adapters' Polly pipelines are the one retry policy.
    /// </remarks>
    public static IServiceCollection AddConveyorAws(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddValidatedOptions(_ => ConveyorAwsOptions.FromConfiguration(configuration));

        services.TryAddSingleton<IAmazonDynamoDB>(sp => new AmazonDynamoDBClient(SdkConfig(new AmazonDynamoDBConfig(), Options(sp))));
        services.TryAddSingleton<IAmazonSQS>(sp => new AmazonSQSClient(SdkConfig(new AmazonSQSConfig(), Options(sp))));
        services.TryAddSingleton<IAmazonS3>(sp =>
        {
            var options = Options(sp);
            // An emulator serves every bucket on one host, so buckets go in the path, not the host name.
            return new AmazonS3Client(SdkConfig(new AmazonS3Config { ForcePathStyle = options.EndpointUrl is not null }, options));
        });

        services.TryAddSingleton<IAwsCredentialsSource>(_ => new SdkCredentialsSource());
        services.TryAddSingleton<ThinClientHttp>();
        services.TryAddSingleton(sp => new StepFunctionsClient(Sender(sp, "states")));
        services.TryAddSingleton(sp => new SchedulerClient(Sender(sp, "scheduler")));
        services.TryAddSingleton(sp => new SnsClient(Sender(sp, "sns")));
        services.TryAddSingleton(sp => new LambdaDurableExecutionClient(Sender(sp, "lambda")));
        services.TryAddSingleton<IDurableServiceClient>(sp => sp.GetRequiredService<LambdaDurableExecutionClient>());
        var durableFunctions = LambdaDurableFunctions.FromConfiguration(configuration);
        if (durableFunctions.Functions.Count > 0)
        {
            // Workflows start, list and are answered through Lambda (CONVEYOR__DURABLEFUNCTIONS__<NAME>); decided here, at
            // registration, because AddConveyorFunctions offers workflow routes and actions only where a service is registered.
            // The ARNs are checked with the other settings, when the host starts.
            services.AddValidatedOptions(_ => durableFunctions);
            services.TryAddSingleton<IDurableExecutionService>(sp => new LambdaDurableExecutionService(Sender(sp, "lambda"), sp.GetRequiredService<LambdaDurableFunctions>()));
        }

        services.TryAddSingleton<IObjectStore>(sp => new S3ObjectStore(
            Lazily<IAmazonS3>(sp), new S3ObjectStoreOptions(), sp.GetLogger<S3ObjectStore>(), sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ITaskStore>(sp => new DynamoDbTaskStore(
            Lazily<IAmazonDynamoDB>(sp),
            new DynamoDbTaskStoreOptions { TableName = Options(sp).TasksTable, LargeAttributeBucket = Options(sp).ArtifactsBucket },
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<IObjectStore>(),
            sp.GetLogger<DynamoDbTaskStore>()));
        services.TryAddSingleton<ITaskQueue>(sp => new SqsTaskQueue(
            Lazily<IAmazonSQS>(sp),
            new SqsTaskQueueOptions { QueueUrl = Options(sp).TaskQueueUrl },
            sp.GetLogger<SqsTaskQueue>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IDeadLetterQueue>(sp => new SqsDeadLetterQueue(
            Lazily<IAmazonSQS>(sp),
            new SqsDeadLetterQueueOptions { QueueUrl = Options(sp).TaskDeadLetterQueueUrl },
            sp.GetLogger<SqsDeadLetterQueue>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<ICommandPublisher>(sp => new SqsCommandPublisher(
            Lazily<IAmazonSQS>(sp),
            new SqsCommandPublisherOptions { QueueUrls = Options(sp).CommandQueues },
            sp.GetLogger<SqsCommandPublisher>(),
            sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<IWorkflowStarter>(sp => new StepFunctionsWorkflowStarter(
            sp.GetRequiredService<StepFunctionsClient>(),
            new StepFunctionsOptions { StateMachineArn = Options(sp).StateMachineArn },
            sp.GetLogger<StepFunctionsWorkflowStarter>()));
        services.TryAddSingleton<IScheduleService>(sp => new EventBridgeScheduleService(
            sp.GetRequiredService<SchedulerClient>(),
            new SchedulerOptions { TargetArn = Options(sp).ScheduleTargetArn, RoleArn = Options(sp).SchedulerRoleArn, GroupName = Options(sp).ScheduleGroup },
            sp.GetLogger<EventBridgeScheduleService>()));
        services.TryAddSingleton<INotifier>(sp => new SnsNotifier(
            sp.GetRequiredService<SnsClient>(),
            new SnsOptions { StatusTopicArn = Options(sp).StatusTopicArn, AlarmTopicArn = Options(sp).AlarmTopicArn },
            sp.GetLogger<SnsNotifier>()));
        services.TryAddSingleton<ITaskImageDecoder>(DynamoDbStreamRecordDecoder.Instance);
        return services;
    }

    private static ConveyorAwsOptions Options(IServiceProvider services) => services.GetRequiredService<ConveyorAwsOptions>();

    /// <summary>
    /// The SDK client, resolved when an adapter first calls AWS: building one (configuration files, region endpoints, the
    /// runtime pipeline) is a measurable part of a function's init (bench/cold-start.sh), and the settings it is built
    /// from are already checked at init (<see cref="ConveyorAwsOptions.Validate"/>), as are the adapters' own options.
    /// </summary>
    private static Lazy<T> Lazily<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicParameterlessConstructor)] T>(IServiceProvider services)
        where T : notnull => new(services.GetRequiredService<T>);

    /// <summary>
    /// The adapter's logger from the factory, not by resolving <c>ILogger&lt;T&gt;</c>: the container would close the open
    /// generic <c>Logger&lt;T&gt;</c> at run time, which Native AOT's type loader does slowly during init (bench/cold-start.sh).
    /// </summary>

    private static T SdkConfig<T>(T config, ConveyorAwsOptions options)
        where T : ClientConfig
    {
        if (options.EndpointUrl is { } endpoint)
        {
            config.ServiceURL = endpoint.ToString();
            config.AuthenticationRegion = options.Region;
        }
        else
        {
            config.RegionEndpoint = RegionEndpoint.GetBySystemName(options.Region);
        }

        return AwsSdkRetries.Disable(config);
    }

    private static AwsRequestSender Sender(IServiceProvider services, string signingName)
    {
        var options = Options(services);
        var time = services.GetRequiredService<TimeProvider>();
        return new AwsRequestSender(
            services.GetRequiredService<ThinClientHttp>().Client,
            services.GetRequiredService<IAwsCredentialsSource>(),
            AwsServiceEndpoint.For(signingName, options.Region, options.EndpointUrl),
            ThinClientPipeline.CreateLazy(AwsRetryOptions.Default, services.GetRequiredService<ILoggerFactory>().CreateLogger("Conveyor.Aws.ThinClients"), time),
            time);
    }
}
