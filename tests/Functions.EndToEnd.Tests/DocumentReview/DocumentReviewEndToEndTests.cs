using Amazon.S3;
using Conveyor.App.Workflows;
using Conveyor.Durable.Service;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.DocumentReview;

/// <summary>
/// The DocumentReview durable function as a process: replayed invocation after invocation by the test's durable service,
/// checkpointing over the Lambda durable execution API, reading and deleting the document in S3, asking for approval on
/// the status topic and publishing the attach command on the customer queue (moto).
/// </summary>
public sealed class DocumentReviewEndToEndTests(EndToEndFixture fixture) : EndToEndTest(fixture)
{
    [Fact]
    public async Task Review_WhenApproved_ShouldAskForApprovalThenPublishTheAttachCommandOnce()
    {
        var (runner, execution) = await DocumentReviewRun.StartAsync(Fixture, Fixture.Function("DocumentReview"), "contract.pdf", 1200);
        Assert.Equal(ExecutionStatuses.Running, execution.Status);
        var approvalRequest = Assert.Single(await Stack.ReceiveAllAsync(Stack.StatusObserverQueueUrl));
        Assert.Contains(DocumentReviewWorkflow.ApprovalRequestedAction, approvalRequest.Body, StringComparison.Ordinal);

        await runner.CompleteCallbackAsync(execution, DocumentReviewRun.ApprovalCallback, new ReviewDecision(true, "ana"));

        Assert.Equal(ExecutionStatuses.Succeeded, execution.Status);
        Assert.Equal("published", execution.Result.Outcome);
        Assert.Equal(1200, execution.Result.Size);
        var command = Assert.Single(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
        Assert.Contains("attach-document", command.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Review_WhenRejected_ShouldDeleteTheDocumentAfterTheRetentionTimer()
    {
        var (runner, execution) = await DocumentReviewRun.StartAsync(Fixture, Fixture.Function("DocumentReview"), "blurry.pdf", 10);

        await runner.CompleteCallbackAsync(execution, DocumentReviewRun.ApprovalCallback, new ReviewDecision(false, "bo", "blurry"));

        Assert.Equal("deleted-after-rejection", execution.Result.Outcome);
        var gone = await Assert.ThrowsAsync<AmazonS3Exception>(() => Stack.S3.GetObjectMetadataAsync(ConveyorStack.DocumentsBucket, "blurry.pdf"));
        Assert.Equal(System.Net.HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Empty(await Stack.ReceiveAllAsync(Stack.CustomerCommandQueueUrl));
    }
}
