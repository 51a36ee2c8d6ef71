using System.Text;
using Amazon.S3.Model;
using Conveyor.App.Workflows;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Testing;
using Functions.EndToEnd.Tests.Infrastructure;

namespace Functions.EndToEnd.Tests.DocumentReview;

/// <summary>
/// One document review executed by the real DocumentReview process: the test's durable service (a
/// <see cref="DurableTestRunner{TIn, TOut}"/> playing the Lambda durable execution service) sends each invocation envelope
/// through the Runtime API emulator, and the function checkpoints back over HTTP (<see cref="Conveyor.Testing.Lambda.LambdaDurableApiFake"/>)
/// while its S3, SNS and SQS calls go to moto — all through the recording proxy.
/// </summary>
internal static class DocumentReviewRun
{
    public const string ApprovalCallback = "approval.callback";

    public static async Task<(DurableTestRunner<DocumentReviewRequest, DocumentReviewResult> Runner, DurableTestExecution<DocumentReviewResult> Execution)> StartAsync(
        EndToEndFixture fixture, RunningFunction function, string key, int size)
    {
        await fixture.Stack.S3.PutObjectAsync(new PutObjectRequest
        {
            BucketName = ConveyorStack.DocumentsBucket,
            Key = key,
            InputStream = new MemoryStream(new byte[size]),
            ContentType = "application/pdf",
        });
        var runner = new DurableTestRunner<DocumentReviewRequest, DocumentReviewResult>(
            EndToEndFixture.DeployedName("DocumentReview"), (input, _) => InvokeAsync(function, input), DocumentReviewJsonContext.Default);
        fixture.DurableService.Serve(runner.Service);
        var execution = await runner.StartAsync(new DocumentReviewRequest(ConveyorStack.DocumentsBucket, key, "acme", "c-7"));
        return (runner, execution);
    }

    private static async Task<DurableInvocationOutput> InvokeAsync(RunningFunction function, DurableInvocationInput input)
    {
        var result = await function.InvokeAsync(Encoding.UTF8.GetString(DurableProtocolJson.Serialize(input)));
        Assert.False(result.IsError, $"DocumentReview failed the invocation: {result.Outcome.Body}");
        return DurableProtocolJson.Deserialize(Encoding.UTF8.GetBytes(result.Outcome.Body), DurableProtocolJsonContext.Default.DurableInvocationOutput);
    }
}
