using Conveyor.App.Workflows;
using Conveyor.Core.Testing;
using Conveyor.Durable.Service;
using Conveyor.Durable.Testing;

namespace Conveyor.Durable.Tests;

/// <summary>The sample workflow, run with the test runner over the in-memory ports.</summary>
public sealed class DocumentReviewWorkflowTests
{
    private readonly InMemoryObjectStore _objects = new();
    private readonly InMemoryNotifier _notifier = new();
    private readonly InMemoryCommandPublisher _commands = new();

    [Fact]
    public async Task Review_WhenApproved_ShouldPublishTheAttachCommandOnce()
    {
        var (runner, execution) = await StartAsync("contract.pdf", "application/pdf", 1200);
        Assert.Equal(ExecutionStatuses.Running, execution.Status);
        var request = Assert.Single(_notifier.ForAction(DocumentReviewWorkflow.ApprovalRequestedAction));
        Assert.Equal(execution.CallbackId("approval.callback"), request.Content.GetProperty("callbackId").GetString());

        await runner.CompleteCallbackAsync(execution, "approval.callback", new ReviewDecision(true, "ana"));

        Assert.Equal(new DocumentReviewResult("published", "contract.pdf", 1200, [], "ana").Outcome, execution.Result.Outcome);
        Assert.Equal("ana", execution.Result.Reviewer);
        var command = Assert.Single(_commands.Published(DocumentReviewWorkflow.CommandAggregate));
        Assert.Equal("c-7", command.Id);
        Assert.Equal("attach-document", command.Command.GetProperty("type").GetString());
        Assert.Contains("contract.pdf", _objects.Keys("docs"));
    }

    [Fact]
    public async Task Review_WhenNobodyAnswers_ShouldDeleteTheDocumentAfterTheTimeoutAndRetention()
    {
        var (runner, execution) = await StartAsync("ignored.pdf", "application/pdf", 10);
        var started = runner.Clock.GetUtcNow();

        await runner.AdvanceTimeAsync(execution, TimeSpan.FromDays(3));

        Assert.Equal("deleted-after-timeout", execution.Result.Outcome);
        Assert.Equal(TimeSpan.FromDays(3) + DocumentReviewWorkflow.Retention, runner.Clock.GetUtcNow() - started);
        Assert.DoesNotContain("ignored.pdf", _objects.Keys("docs"));
        Assert.Empty(_commands.All);
    }

    [Fact]
    public async Task Review_WhenRejected_ShouldDeleteAfterRetention()
    {
        var (runner, execution) = await StartAsync("bad.pdf", "application/pdf", 10);

        await runner.CompleteCallbackAsync(execution, "approval.callback", new ReviewDecision(false, "bo", "blurry"));

        Assert.Equal("deleted-after-rejection", execution.Result.Outcome);
        Assert.DoesNotContain("bad.pdf", _objects.Keys("docs"));
    }

    [Fact]
    public async Task Review_WhenTwoChecksFail_ShouldSkipApprovalAndDelete()
    {
        var (runner, execution) = await StartAsync("empty.exe", "application/x-msdownload", 0);

        Assert.Equal("deleted-after-failed-checks", execution.Result.Outcome);
        Assert.Equal(["not-empty", "content-type"], execution.Result.FailedChecks);
        Assert.Empty(_notifier.ForAction(DocumentReviewWorkflow.ApprovalRequestedAction));
    }

    private async Task<(DurableTestRunner<DocumentReviewRequest, DocumentReviewResult> Runner, DurableTestExecution<DocumentReviewResult> Execution)> StartAsync(string key, string contentType, int size)
    {
        await _objects.PutAsync("docs", key, new MemoryStream(new byte[size]), contentType, CancellationToken.None);
        DurableTestRunner<DocumentReviewRequest, DocumentReviewResult>? runner = null;
        runner = new DurableTestRunner<DocumentReviewRequest, DocumentReviewResult>(
            (input, ctx, ct) => new DocumentReviewWorkflow(_objects, _notifier, _commands, runner!.Clock).RunAsync(input, ctx, ct),
            DocumentReviewJsonContext.Default);
        var execution = await runner.StartAsync(new DocumentReviewRequest("docs", key, "acme", "c-7"));
        return (runner, execution);
    }
}
