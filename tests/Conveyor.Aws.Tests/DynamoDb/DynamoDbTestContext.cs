using Amazon.DynamoDBv2;
using Amazon.S3;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.S3;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.DynamoDb;

/// <summary>A fresh tasks table and large-attribute bucket on moto, and a store over them.</summary>
public sealed class DynamoDbTestContext : IAsyncDisposable
{
    public const string Bucket = "task-attributes";

    private DynamoDbTestContext(AmazonDynamoDBClient dynamo, AmazonS3Client s3, string table, DynamoDbTaskStore store, S3ObjectStore objects)
    {
        Dynamo = dynamo;
        S3 = s3;
        Table = table;
        Store = store;
        Objects = objects;
    }

    public AmazonDynamoDBClient Dynamo { get; }

    public AmazonS3Client S3 { get; }

    public string Table { get; }

    public DynamoDbTaskStore Store { get; }

    public S3ObjectStore Objects { get; }

    public static async Task<DynamoDbTestContext> CreateAsync(MotoServer moto, bool stream = false, int thresholdBytes = DynamoDbTaskStoreOptions.DefaultLargeAttributeThresholdBytes)
    {
        var dynamo = MotoClients.DynamoDb(moto);
        var s3 = MotoClients.S3(moto);
        var table = "tasks-" + Guid.NewGuid().ToString("N")[..8];
        await MotoClients.CreateTaskTableAsync(dynamo, table, stream);
        await s3.PutBucketAsync(Bucket);
        var objects = new S3ObjectStore(s3, new S3ObjectStoreOptions { Retry = AwsRetryOptions.NoDelay(2) });
        var store = new DynamoDbTaskStore(
            dynamo,
            new DynamoDbTaskStoreOptions { TableName = table, LargeAttributeBucket = Bucket, LargeAttributeThresholdBytes = thresholdBytes, Retry = AwsRetryOptions.NoDelay(3) },
            TimeProvider.System,
            objects);
        return new DynamoDbTestContext(dynamo, s3, table, store, objects);
    }

    public ValueTask DisposeAsync()
    {
        Dynamo.Dispose();
        S3.Dispose();
        return ValueTask.CompletedTask;
    }
}
