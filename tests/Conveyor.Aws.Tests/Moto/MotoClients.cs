using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.SQS;
using Conveyor.Aws.Resilience;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Moto;

/// <summary>SDK clients pointed at moto, with the SDK's own retries off (the adapters' Polly pipeline retries).</summary>
public static class MotoClients
{
    private static readonly BasicAWSCredentials Credentials = new(MotoServer.AccessKey, MotoServer.SecretKey);

    public static AmazonDynamoDBClient DynamoDb(MotoServer moto) =>
        new(Credentials, AwsSdkRetries.Disable(new AmazonDynamoDBConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region }));

    public static AmazonSQSClient Sqs(MotoServer moto) =>
        new(Credentials, AwsSdkRetries.Disable(new AmazonSQSConfig { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region }));

    public static AmazonS3Client S3(MotoServer moto) =>
        new(Credentials, AwsSdkRetries.Disable(new AmazonS3Config { ServiceURL = moto.Endpoint.ToString(), AuthenticationRegion = MotoServer.Region, ForcePathStyle = true }));

    /// <summary>A tasks table like template.yaml's: pk/sk strings, on demand, optionally with a NEW_AND_OLD_IMAGES stream.</summary>
    public static async Task<CreateTableResponse> CreateTaskTableAsync(IAmazonDynamoDB dynamo, string name, bool stream = false)
    {
        var request = new CreateTableRequest
        {
            TableName = name,
            BillingMode = BillingMode.PAY_PER_REQUEST,
            AttributeDefinitions = [new("pk", ScalarAttributeType.S), new("sk", ScalarAttributeType.S)],
            KeySchema = [new("pk", KeyType.HASH), new("sk", KeyType.RANGE)],
        };
        if (stream)
        {
            request.StreamSpecification = new StreamSpecification { StreamEnabled = true, StreamViewType = StreamViewType.NEW_AND_OLD_IMAGES };
        }

        return await dynamo.CreateTableAsync(request);
    }
}
