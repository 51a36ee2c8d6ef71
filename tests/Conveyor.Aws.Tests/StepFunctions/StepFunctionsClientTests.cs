using System.Net;
using Conveyor.Aws.Http;
using Conveyor.Aws.StepFunctions;
using Conveyor.Aws.Tests.Http;

namespace Conveyor.Aws.Tests.StepFunctions;

public sealed class StepFunctionsClientTests
{
    private const string StateMachineArn = "arn:aws:states:us-east-1:123456789012:stateMachine:conveyor";
    private const string ExecutionArn = "arn:aws:states:us-east-1:123456789012:execution:conveyor:run-1";

    [Fact]
    public async Task StartExecutionAsync_WhenCalled_ShouldPostSignedJson10RequestWithTarget()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, $"{{\"executionArn\":\"{ExecutionArn}\",\"startDate\":1763893815.123}}");
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));

        var result = await client.StartExecutionAsync(StateMachineArn, "run-1", "{\"items\":[1,2]}", CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, sent.Method);
        Assert.Equal("https://states.us-east-1.amazonaws.com/", sent.Uri.ToString());
        Assert.Equal("AWSStepFunctions.StartExecution", sent.Header("X-Amz-Target"));
        Assert.Equal("application/x-amz-json-1.0", sent.ContentType);
        TestSenders.AssertSigned(sent, "states");
        var body = sent.Json();
        Assert.Equal(StateMachineArn, body.GetProperty("stateMachineArn").GetString());
        Assert.Equal("run-1", body.GetProperty("name").GetString());
        Assert.Equal("{\"items\":[1,2]}", body.GetProperty("input").GetString());
        Assert.Equal(ExecutionArn, result.ExecutionArn);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763893815123), result.StartDate);
    }

    [Fact]
    public async Task DescribeExecutionAsync_WhenCalled_ShouldSendArnAndMapTheResponse()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, $$"""
            {"executionArn":"{{ExecutionArn}}","stateMachineArn":"{{StateMachineArn}}","name":"run-1","status":"FAILED",
             "startDate":1763893815,"stopDate":1763893820.5,"input":"{}","error":"TaskFailed","cause":"boom"}
            """);
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));

        var description = await client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("AWSStepFunctions.DescribeExecution", sent.Header("X-Amz-Target"));
        Assert.Equal(ExecutionArn, sent.Json().GetProperty("executionArn").GetString());
        Assert.Equal("FAILED", description.Status);
        Assert.Equal("run-1", description.Name);
        Assert.Equal("TaskFailed", description.Error);
        Assert.Equal("boom", description.Cause);
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1763893820500), description.StopDate);
    }

    [Fact]
    public async Task StopExecutionAsync_WhenCalled_ShouldSendArnErrorAndCause()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, "{\"stopDate\":1763893900}");
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));

        var stopped = await client.StopExecutionAsync(ExecutionArn, "Cancelled", "user asked", CancellationToken.None);

        var sent = Assert.Single(handler.Requests);
        Assert.Equal("AWSStepFunctions.StopExecution", sent.Header("X-Amz-Target"));
        var body = sent.Json();
        Assert.Equal(ExecutionArn, body.GetProperty("executionArn").GetString());
        Assert.Equal("Cancelled", body.GetProperty("error").GetString());
        Assert.Equal("user asked", body.GetProperty("cause").GetString());
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1763893900), stopped);
    }

    [Fact]
    public async Task StartExecutionAsync_WhenInputOver256KiB_ShouldRefuseBeforeSending()
    {
        var handler = new RecordingHandler().Always(HttpStatusCode.OK);
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));
        var input = "\"" + new string('é', 131_072) + "\""; // 2 bytes each in UTF-8: 262,144 + the quotes

        var error = await Assert.ThrowsAsync<AwsPayloadTooLargeException>(() => client.StartExecutionAsync(StateMachineArn, "big", input, CancellationToken.None));

        Assert.Empty(handler.Requests);
        Assert.Equal(262_146, error.SizeBytes);
        Assert.Equal(StepFunctionsClient.MaxInputBytes, error.LimitBytes);
        Assert.Contains("reference", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StartExecutionAsync_WhenInputExactlyAtLimit_ShouldSend()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.OK, $"{{\"executionArn\":\"{ExecutionArn}\"}}");
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));
        var input = "\"" + new string('a', StepFunctionsClient.MaxInputBytes - 2) + "\"";

        await client.StartExecutionAsync(StateMachineArn, "edge", input, CancellationToken.None);

        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task StartExecutionAsync_WhenNameTaken_ShouldThrowExecutionAlreadyExistsWithTheArn()
    {
        var handler = new RecordingHandler().Respond(
            HttpStatusCode.BadRequest,
            $"{{\"__type\":\"com.amazonaws.states#ExecutionAlreadyExists\",\"message\":\"Execution Already Exists: '{ExecutionArn}'\"}}");
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));

        var error = await Assert.ThrowsAsync<ExecutionAlreadyExistsException>(() => client.StartExecutionAsync(StateMachineArn, "run-1", "{}", CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.Equal(ExecutionArn, error.ExistingExecutionArn);
        Assert.False(error.IsTransient);
    }

    [Fact]
    public async Task DescribeExecutionAsync_WhenMissing_ShouldThrowResourceNotFound()
    {
        var handler = new RecordingHandler().Respond(HttpStatusCode.BadRequest, "{\"__type\":\"ExecutionDoesNotExist\",\"message\":\"Execution Does Not Exist\"}");
        var client = new StepFunctionsClient(TestSenders.Fake(handler, "states"));

        await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => client.DescribeExecutionAsync(ExecutionArn, CancellationToken.None));
    }
}
