using System.Text;
using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Http;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Scheduler;
using Conveyor.Aws.Signing;
using Conveyor.Aws.Sns;
using Conveyor.Aws.StepFunctions;
using Conveyor.Testing.Moto;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// The resources template.yaml creates, made in moto with the names of events/env.json: the tasks table (with its
/// stream), task queue and DLQ, customer command queue, status and alarm topics each with an SQS subscription to observe
/// notifications, the four buckets, the step-function-task state machine from statemachines/ (definition
/// substitutions applied) and the scheduler group. Also the clients the tests use to look at the effects.
/// </summary>
public sealed class ConveyorStack
{
    public const string Stage = "dev";
    public const string TasksTable = "conveyor-dev-tasks";
    public const string ArtifactsBucket = "conveyor-dev-123456789012-artifacts";
    public const string ProfilePicturesBucket = "conveyor-dev-123456789012-profile-pictures";
    public const string DocumentsBucket = "conveyor-dev-123456789012-documents";
    public const string CsvImportBucket = "conveyor-dev-123456789012-csv-import";
    public const string ScheduleGroup = "conveyor-dev";
    public const string StateMachineName = "conveyor-dev-step-function-task";
    public const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:" + StateMachineName;

    private readonly MotoServer _moto;
    private readonly Dictionary<string, string> _queueUrls = new(StringComparer.Ordinal);

    public ConveyorStack(MotoServer moto)
    {
        _moto = moto;
        var credentials = new BasicAWSCredentials(MotoServer.AccessKey, MotoServer.SecretKey);
        var url = moto.Endpoint.ToString();
        DynamoDb = new AmazonDynamoDBClient(credentials, AwsSdkRetries.Disable(new AmazonDynamoDBConfig { ServiceURL = url, AuthenticationRegion = MotoServer.Region }));
        Sqs = new AmazonSQSClient(credentials, AwsSdkRetries.Disable(new AmazonSQSConfig { ServiceURL = url, AuthenticationRegion = MotoServer.Region }));
        S3 = new AmazonS3Client(credentials, AwsSdkRetries.Disable(new AmazonS3Config { ServiceURL = url, AuthenticationRegion = MotoServer.Region, ForcePathStyle = true }));
        StepFunctions = new StepFunctionsClient(Sender("states"));
        Scheduler = new SchedulerClient(Sender("scheduler"));
        SchedulerSender = Sender("scheduler");
        Sns = new SnsClient(Sender("sns"));
    }

    public IAmazonDynamoDB DynamoDb { get; }

    public IAmazonSQS Sqs { get; }

    public IAmazonS3 S3 { get; }

    public StepFunctionsClient StepFunctions { get; }

    public SchedulerClient Scheduler { get; }

    public AwsRequestSender SchedulerSender { get; }

    public SnsClient Sns { get; }

    public string TaskQueueUrl => QueueUrl("conveyor-dev-tasks");

    public string TaskDeadLetterQueueUrl => QueueUrl("conveyor-dev-tasks-dlq");

    public string CustomerCommandQueueUrl => QueueUrl("conveyor-dev-customer-commands");

    /// <summary>Subscribed (raw delivery) to the status topic.</summary>
    public string StatusObserverQueueUrl => QueueUrl("conveyor-dev-status-observer");

    /// <summary>Subscribed (raw delivery) to the alarm topic.</summary>
    public string AlarmObserverQueueUrl => QueueUrl("conveyor-dev-alarm-observer");

    /// <summary>
    /// What template.yaml gives every function, as events/env.json spells it, with the queue URLs aimed at this moto
    /// (queue URLs carry the host; every other name is the same as in the file).
    /// </summary>
    public Dictionary<string, string> FunctionEnvironment()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(Repository.Event("env.json")));
        var environment = file.RootElement.GetProperty("Parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
        environment["CONVEYOR__TASKQUEUEURL"] = TaskQueueUrl;
        environment["CONVEYOR__TASKDEADLETTERQUEUEURL"] = TaskDeadLetterQueueUrl;
        environment["CONVEYOR__COMMANDQUEUES__CUSTOMER"] = CustomerCommandQueueUrl;
        environment["AWS_ENDPOINT_URL"] = _moto.Endpoint.ToString();
        environment["CONVEYOR__ENDPOINTURL"] = _moto.Endpoint.ToString();
        environment["AWS_ACCESS_KEY_ID"] = MotoServer.AccessKey;
        environment["AWS_SECRET_ACCESS_KEY"] = MotoServer.SecretKey;
        environment["AWS_REGION"] = MotoServer.Region;
        return environment;
    }

    public async Task CreateAsync(CancellationToken cancellationToken)
    {
        await DynamoDb.CreateTableAsync(new CreateTableRequest
        {
            TableName = TasksTable,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
            StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES },
        }, cancellationToken);
        foreach (var bucket in new[] { ArtifactsBucket, ProfilePicturesBucket, DocumentsBucket, CsvImportBucket })
        {
            await S3.PutBucketAsync(bucket, cancellationToken);
        }

        var dlq = await CreateQueueAsync(new CreateQueueRequest { QueueName = "conveyor-dev-tasks-dlq" }, cancellationToken);
        var dlqArn = (await Sqs.GetQueueAttributesAsync(dlq, ["QueueArn"], cancellationToken)).QueueARN;
        await CreateQueueAsync(new CreateQueueRequest
        {
            QueueName = "conveyor-dev-tasks",
            Attributes = new()
            {
                ["VisibilityTimeout"] = "900",
                ["RedrivePolicy"] = $"{{\"deadLetterTargetArn\":\"{dlqArn}\",\"maxReceiveCount\":\"5\"}}",
            },
        }, cancellationToken);
        await CreateQueueAsync(new CreateQueueRequest { QueueName = "conveyor-dev-customer-commands" }, cancellationToken);
        await TopicWithObserverAsync("conveyor-dev-task-status", "conveyor-dev-status-observer", cancellationToken);
        await TopicWithObserverAsync("conveyor-dev-task-alarm", "conveyor-dev-alarm-observer", cancellationToken);
        await CreateStateMachineAsync(cancellationToken);
        await SchedulerSender.SendAsync(
            new AwsHttpRequest(HttpMethod.Post, "/schedule-groups/" + ScheduleGroup, "application/json", "{}"u8.ToArray()), cancellationToken);
    }

    /// <summary>Messages on a queue (waits up to <paramref name="waitSeconds"/> for the first), with their attributes.</summary>
    public async Task<List<Message>> ReceiveAllAsync(string queueUrl, int waitSeconds = 1)
    {
        var messages = new List<Message>();
        while (true)
        {
            var response = await Sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = messages.Count == 0 ? waitSeconds : 0,
                MessageAttributeNames = ["All"],
                VisibilityTimeout = 300,
            });
            if (response.Messages is not { Count: > 0 } received)
            {
                return messages;
            }

            messages.AddRange(received);
        }
    }

    private async Task TopicWithObserverAsync(string topic, string observer, CancellationToken cancellationToken)
    {
        var created = await Sns.Protocol.InvokeAsync("CreateTopic", [new("Name", topic)], cancellationToken);
        var topicArn = AwsQueryProtocol.Find(created, "TopicArn")!;
        var queue = await CreateQueueAsync(new CreateQueueRequest { QueueName = observer }, cancellationToken);
        var queueArn = (await Sqs.GetQueueAttributesAsync(queue, ["QueueArn"], cancellationToken)).QueueARN;
        await Sns.Protocol.InvokeAsync(
            "Subscribe",
            [
                new("TopicArn", topicArn),
                new("Protocol", "sqs"),
                new("Endpoint", queueArn),
                new("Attributes.entry.1.key", "RawMessageDelivery"),
                new("Attributes.entry.1.value", "true"),
            ],
            cancellationToken);
    }

    private async Task CreateStateMachineAsync(CancellationToken cancellationToken)
    {
        // DefinitionSubstitutions as template.yaml passes them.
        var definition = (await File.ReadAllTextAsync(Path.Combine(Repository.Root, "statemachines", "step-function-task.asl.json"), cancellationToken))
            .Replace("${MapItemFunctionArn}", "arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-map-item", StringComparison.Ordinal)
            .Replace("${FinalizeFunctionArn}", "arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-finalize", StringComparison.Ordinal);
        Assert.DoesNotContain("${", definition, StringComparison.Ordinal);
        var body = JsonSerializer.SerializeToUtf8Bytes(new Dictionary<string, string>
        {
            ["name"] = StateMachineName,
            ["definition"] = definition,
            ["roleArn"] = "arn:aws:iam::123456789012:role/conveyor-dev-state-machine",
            ["type"] = "STANDARD",
        });
        using var created = await StepFunctions.Protocol.InvokeAsync("CreateStateMachine", body, cancellationToken);
        Assert.Equal(StateMachineArn, created.RootElement.GetProperty("stateMachineArn").GetString());
    }

    private string QueueUrl(string name) =>
        _queueUrls.TryGetValue(name, out var url) ? url : throw new InvalidOperationException($"Queue {name} is not created yet: call CreateAsync first.");

    private async Task<string> CreateQueueAsync(CreateQueueRequest request, CancellationToken cancellationToken)
    {
        var created = await Sqs.CreateQueueAsync(request, cancellationToken);
        _queueUrls[request.QueueName] = created.QueueUrl;
        return created.QueueUrl;
    }

    private AwsRequestSender Sender(string signingName) =>
        new(
            new HttpClient { Timeout = TimeSpan.FromSeconds(30) },
            new StaticCredentialsSource(new AwsCredentials(MotoServer.AccessKey, MotoServer.SecretKey)),
            AwsServiceEndpoint.For(signingName, MotoServer.Region, _moto.Endpoint),
            ThinClientPipeline.Create(AwsRetryOptions.NoDelay(2)),
            TimeProvider.System);

    /// <summary>Encodes text for a moto S3 put.</summary>
    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}
