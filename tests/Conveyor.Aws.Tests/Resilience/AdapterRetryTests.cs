using System.Net;
using Amazon.DynamoDBv2;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.S3;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.Tests.Fakes;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Aws.Tests.Resilience;

/// <summary>The adapters over a scripted endpoint: throttling and 5xx retried then surfaced, validation errors never retried.</summary>
public sealed class AdapterRetryTests
{
    private const string Throttled = """{"__type":"com.amazonaws.dynamodb.v20120810#ThrottlingException","message":"Rate of requests exceeds the allowed throughput."}""";
    private const string ProvisionedExceeded = """{"__type":"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException","message":"slow down"}""";
    private const string ServerError = """{"__type":"com.amazonaws.dynamodb.v20120810#InternalServerError","message":"oops"}""";
    private const string Invalid = """{"__type":"com.amazon.coral.validate#ValidationException","message":"One or more parameter values were invalid"}""";
    private const string ConditionFailed = """{"__type":"com.amazonaws.dynamodb.v20120810#ConditionalCheckFailedException","message":"The conditional request failed"}""";
    private static readonly BasicAWSCredentials Credentials = new("testing", "testing");

    [Fact]
    public async Task GetAsync_WhenThrottledThen500ThenOk_ShouldRetryAndReturn()
    {
        var handler = new ScriptedHttpHandler((HttpStatusCode.BadRequest, Throttled), (HttpStatusCode.InternalServerError, ServerError), (HttpStatusCode.OK, "{}"));
        var store = Store(handler, attempts: 4);

        var task = await store.GetAsync(ContractTasks.NewTask("acme").Key, CancellationToken.None);

        Assert.Null(task);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetAsync_WhenAlwaysThrottled_ShouldSurfaceAfterMaxAttempts()
    {
        var handler = new ScriptedHttpHandler((HttpStatusCode.BadRequest, ProvisionedExceeded));
        var store = Store(handler, attempts: 3);

        var error = await Assert.ThrowsAsync<Amazon.DynamoDBv2.Model.ProvisionedThroughputExceededException>(() => store.GetAsync(ContractTasks.NewTask("acme").Key, CancellationToken.None));

        Assert.Equal("ProvisionedThroughputExceededException", error.ErrorCode);
        Assert.Equal(3, handler.Calls);
    }

    [Fact]
    public async Task GetAsync_WhenValidationError_ShouldNotRetry()
    {
        var handler = new ScriptedHttpHandler((HttpStatusCode.BadRequest, Invalid), (HttpStatusCode.OK, "{}"));
        var store = Store(handler, attempts: 5);

        await Assert.ThrowsAsync<AmazonDynamoDBException>(() => store.GetAsync(ContractTasks.NewTask("acme").Key, CancellationToken.None));

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task UpdateAsync_WhenConditionFails_ShouldThrowConflictWithoutRetry()
    {
        var handler = new ScriptedHttpHandler((HttpStatusCode.BadRequest, ConditionFailed), (HttpStatusCode.OK, "{}"));
        var store = Store(handler, attempts: 5);
        var task = ContractTasks.NewTask("acme");

        await Assert.ThrowsAsync<TaskConflictException>(() => store.UpdateAsync(task.Queue(ContractTasks.BaseTime), TaskWriteCondition.For(task), CancellationToken.None));

        Assert.Equal(1, handler.Calls);
    }

    [Fact]
    public async Task EnqueueAsync_WhenOneEntryFailsOnServerSide_ShouldResendOnlyThatEntry()
    {
        var handler = new ScriptedHttpHandler(
            (HttpStatusCode.OK, """{"Successful":[],"Failed":[{"Id":"m1","SenderFault":false,"Code":"InternalError","Message":"try again"}]}"""),
            (HttpStatusCode.OK, """{"Successful":[],"Failed":[]}"""));
        // Successful entries are left empty: the SDK would check their body MD5, which this script does not compute.
        var queue = Queue(handler, attempts: 3);
        var tasks = new[] { ContractTasks.NewTask("acme", 0), ContractTasks.NewTask("acme", 1) };

        await queue.EnqueueAsync(tasks.Select(t => new TaskQueueMessage(t.Key, t.Tenant, t.Type)).ToArray(), CancellationToken.None);

        Assert.Equal(2, handler.Calls);
        Assert.Contains(tasks[1].Key.Sk, handler.Requests[1], StringComparison.Ordinal);
        Assert.DoesNotContain(tasks[0].Key.Sk, handler.Requests[1], StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_WhenEntryRefusedAsSenderFault_ShouldThrowListingTaskIdWithoutRetry()
    {
        var handler = new ScriptedHttpHandler(
            (HttpStatusCode.OK, """{"Successful":[],"Failed":[{"Id":"m0","SenderFault":true,"Code":"InvalidMessageContents","Message":"bad"}]}"""));
        var queue = Queue(handler, attempts: 3);
        var task = ContractTasks.NewTask("acme");

        var error = await Assert.ThrowsAsync<SqsBatchSendException>(() => queue.EnqueueAsync([new TaskQueueMessage(task.Key, task.Tenant, task.Type)], CancellationToken.None));

        Assert.Equal(1, handler.Calls);
        Assert.Equal("InvalidMessageContents", error.FailedIds[task.Id]);
        Assert.Contains(task.Id, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnqueueAsync_WhenThrottledEveryTime_ShouldSurfaceAfterMaxAttempts()
    {
        var handler = new ScriptedHttpHandler((HttpStatusCode.BadRequest, """{"__type":"com.amazonaws.sqs#RequestThrottled","message":"slow"}"""));
        var queue = Queue(handler, attempts: 4);
        var task = ContractTasks.NewTask("acme");

        var error = await Assert.ThrowsAnyAsync<AmazonServiceException>(() => queue.EnqueueAsync([new TaskQueueMessage(task.Key, task.Tenant, task.Type)], CancellationToken.None));

        Assert.Equal("RequestThrottled", error.ErrorCode);
        Assert.Equal(4, handler.Calls);
    }

    [Fact]
    public async Task HeadAsync_WhenS3Answers403_ShouldThrowAccessDeniedWithoutRetrying()
    {
        // S3's answer to HeadObject on a missing key for a role with s3:GetObject but no s3:ListBucket.
        var handler = new ScriptedHttpHandler((HttpStatusCode.Forbidden, ""));
        var config = AwsSdkRetries.Disable(new AmazonS3Config { ServiceURL = "http://s3.fake", AuthenticationRegion = "us-east-1", ForcePathStyle = true, HttpClientFactory = handler.Factory });
        var store = new S3ObjectStore(new AmazonS3Client(Credentials, config), new S3ObjectStoreOptions { Retry = AwsRetryOptions.NoDelay(4) });

        var error = await Assert.ThrowsAsync<ObjectAccessDeniedException>(() => store.HeadAsync("docs", "gone.pdf", CancellationToken.None));

        Assert.Equal("docs", error.Bucket);
        Assert.Equal("gone.pdf", error.Key);
        Assert.Equal(1, handler.Calls);
    }

    private static DynamoDbTaskStore Store(ScriptedHttpHandler handler, int attempts)
    {
        var config = AwsSdkRetries.Disable(new AmazonDynamoDBConfig { ServiceURL = "http://dynamodb.fake", AuthenticationRegion = "us-east-1", HttpClientFactory = handler.Factory });
        var client = new AmazonDynamoDBClient(Credentials, config);
        return new DynamoDbTaskStore(client, new DynamoDbTaskStoreOptions { TableName = "tasks", Retry = AwsRetryOptions.NoDelay(attempts) }, TimeProvider.System);
    }

    private static SqsTaskQueue Queue(ScriptedHttpHandler handler, int attempts)
    {
        var config = AwsSdkRetries.Disable(new AmazonSQSConfig { ServiceURL = "http://sqs.fake", AuthenticationRegion = "us-east-1", HttpClientFactory = handler.Factory });
        return new SqsTaskQueue(new AmazonSQSClient(Credentials, config), new SqsTaskQueueOptions { QueueUrl = "http://sqs.fake/123456789012/tasks", Retry = AwsRetryOptions.NoDelay(attempts) });
    }
}
