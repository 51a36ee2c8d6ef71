using System.Text.Json;
using Conveyor.Lambda.Events;
using Conveyor.Lambda.Events.ApiGateway;
using Conveyor.Lambda.Events.DynamoDb;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Lambda.Tests.Events;

/// <summary>Recorded AWS event shapes (Fixtures/) read through the source-generated context.</summary>
public sealed class EventDeserializationTests
{
    private static string Fixture(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", name));

    [Fact]
    public void Deserialize_WhenS3PutWithFormEncodedKey_ShouldExposeRecordAndDecodedKey()
    {
        var s3 = JsonSerializer.Deserialize(Fixture("s3-put.json"), S3EventJsonContext.Default.S3Event)!;

        Assert.False(s3.IsTestEvent);
        Assert.Equal(2, s3.Records.Count);
        var put = s3.Records[0];
        Assert.True(put.IsObjectCreated);
        Assert.Equal("ObjectCreated:Put", put.EventName);
        Assert.Equal(new DateTimeOffset(2025, 3, 14, 9, 26, 53, 589, TimeSpan.Zero), put.EventTime);
        Assert.Equal("conveyor-profile-pictures-123456789012", put.S3.Bucket.Name);
        Assert.Equal("customer-42.my+holiday+photo%C3%A9.jpg", put.S3.Object.Key);
        Assert.Equal("customer-42.my holiday photoé.jpg", put.S3.Object.DecodedKey);
        Assert.Equal(1024, put.S3.Object.Size);
        Assert.Equal("d41d8cd98f00b204e9800998ecf8427e", put.S3.Object.ETag);
        Assert.Equal("096fKKXTRTtl3on89fVO.nfljtsv6qko", put.S3.Object.VersionId);
        Assert.Equal("0055AED6DCD90281E5", put.S3.Object.Sequencer);
        var delete = s3.Records[1];
        Assert.True(delete.IsObjectRemoved);
        Assert.Null(delete.S3.Object.Size);
    }

    [Fact]
    public void Deserialize_WhenS3TestEvent_ShouldBeRecognisedWithNoRecords()
    {
        var s3 = JsonSerializer.Deserialize(Fixture("s3-test-event.json"), S3EventJsonContext.Default.S3Event)!;

        Assert.True(s3.IsTestEvent);
        Assert.Empty(s3.Records);
    }

    [Fact]
    public void Deserialize_WhenSqsBatch_ShouldExposeMessagesAttributesAndSource()
    {
        var sqs = JsonSerializer.Deserialize(Fixture("sqs-batch.json"), SqsEventJsonContext.Default.SqsEvent)!;

        Assert.Equal(2, sqs.Records.Count);
        var first = sqs.Records[0];
        Assert.Equal("059f36b4-87a3-44ab-83d2-661975830a7d", first.MessageId);
        Assert.Contains("TASK#tenant1", first.Body, StringComparison.Ordinal);
        Assert.Equal(3, first.ApproximateReceiveCount);
        Assert.Equal(1, sqs.Records[1].ApproximateReceiveCount);
        Assert.Equal("report", first.MessageAttributes["taskType"].StringValue);
        Assert.Equal("arn:aws:sqs:us-east-1:123456789012:conveyor-tasks", first.EventSourceArn);
        Assert.False(first.IsFromFifoQueue);
        Assert.Null(first.MessageGroupId);
    }

    [Fact]
    public void Deserialize_WhenDynamoDbStreamInsert_ShouldKeepImagesAsAttributeValueJson()
    {
        var stream = JsonSerializer.Deserialize(Fixture("dynamodb-insert.json"), DynamoDbStreamEventJsonContext.Default.DynamoDbStreamEvent)!;

        var insert = stream.Records[0];
        Assert.Equal(DynamoDbStreamRecord.Insert, insert.EventName);
        Assert.Equal("c4ca4238a0b923820dcc509a6f75849b", insert.EventId);
        Assert.Equal("111100000000000000000001", insert.DynamoDb.SequenceNumber);
        Assert.Equal("TASK#tenant1", insert.DynamoDb.Keys!.Value.GetProperty("pk").GetProperty("S").GetString());
        var image = insert.DynamoDb.NewImage!.Value;
        Assert.Equal("CREATED", image.GetProperty("status").GetProperty("S").GetString());
        Assert.Equal("1", image.GetProperty("version").GetProperty("N").GetString());
        Assert.Equal(2, image.GetProperty("input").GetProperty("M").GetProperty("rows").GetProperty("L").GetArrayLength());
        Assert.Null(insert.DynamoDb.OldImage);
        var modify = stream.Records[1];
        Assert.Equal(DynamoDbStreamRecord.Modify, modify.EventName);
        Assert.Equal("CREATED", modify.DynamoDb.OldImage!.Value.GetProperty("status").GetProperty("S").GetString());
    }

    [Fact]
    public void Deserialize_WhenHttpApiV2Request_ShouldExposeRouteClaimsAndDecodedBody()
    {
        var request = JsonSerializer.Deserialize(Fixture("http-api-v2.json"), HttpApiJsonContext.Default.HttpApiRequest)!;

        Assert.Equal("2.0", request.Version);
        Assert.Equal("/tasks/tenant1", request.RawPath);
        Assert.Equal("dryRun=true&tag=a&tag=b", request.RawQueryString);
        Assert.Equal("POST", request.RequestContext.Http.Method);
        Assert.Equal("/tasks/tenant1", request.RequestContext.Http.Path);
        Assert.Equal("JKJaXmPLvHcESHA=", request.RequestContext.RequestId);
        Assert.Equal("tenant1", request.PathParameters!["tenant"]);
        Assert.Equal("a,b", request.QueryStringParameters!["tag"]);
        Assert.Equal("application/json", request.Headers!["content-type"]);
        Assert.Equal("tenant1", request.RequestContext.Authorizer!.Jwt!.Claims["custom:tenant"]);
        Assert.True(request.IsBase64Encoded);
        Assert.Equal("""{"name":"monthly report"}""", request.DecodeBody());
    }

    [Fact]
    public void Serialize_WhenBatchResponseHasFailures_ShouldWriteTheEventSourceMappingShape()
    {
        var response = new BatchResponse { BatchItemFailures = [new BatchItemFailure("m-2"), new BatchItemFailure("m-3")] };

        // The SQS and the DynamoDB stream contexts each carry the response; both write the same shape.
        var fromSqs = JsonSerializer.Serialize(response, SqsEventJsonContext.Default.BatchResponse);
        var fromStream = JsonSerializer.Serialize(response, DynamoDbStreamEventJsonContext.Default.BatchResponse);

        Assert.Equal("""{"batchItemFailures":[{"itemIdentifier":"m-2"},{"itemIdentifier":"m-3"}]}""", fromSqs);
        Assert.Equal(fromSqs, fromStream);
    }

    [Fact]
    public void Serialize_WhenHttpApiResponse_ShouldOmitNullFieldsAndKeepStatus()
    {
        var response = new HttpApiResponse
        {
            StatusCode = 201,
            Headers = new Dictionary<string, string> { ["content-type"] = "application/json" },
            Body = "{}",
        };

        var json = JsonSerializer.Serialize(response, HttpApiJsonContext.Default.HttpApiResponse);

        Assert.Equal("""{"statusCode":201,"headers":{"content-type":"application/json"},"body":"{}","isBase64Encoded":false}""", json);
    }

    [Fact]
    public void Deserialize_WhenSchedulerPayloadIsFreeForm_ShouldReadAsJsonElement()
    {
        var payload = JsonSerializer.Deserialize("""{"type":"command","name":"process-document-a.pdf"}""", FreeFormEventJsonContext.Default.JsonElement);

        Assert.Equal("command", payload.GetProperty("type").GetString());
    }
}
