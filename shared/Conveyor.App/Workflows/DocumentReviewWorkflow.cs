using Conveyor.Core.Actions;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Durable;

namespace Conveyor.App.Workflows;

/// <summary>
/// The document review, as a durable workflow: extract facts about the dropped document (a step with retries), run
/// the content checks in parallel (fan-out/fan-in; at most one check may fail), ask for approval (a callback whose id
/// goes out in an <c>approval-requested</c> notification; the approver has <see cref="DocumentReviewRequest.ApprovalDays"/>
/// days), then publish an <c>attach-document</c> command to the owner when approved, or keep the document for a
/// retention period (a durable timer) and delete it when rejected or unanswered.
/// </summary>
public sealed class DocumentReviewWorkflow(IObjectStore objects, INotifier notifier, ICommandPublisher commands, TimeProvider clock)
{
    public const string Name = "document-review";

    /// <summary>The durable function that runs it (template.yaml's <c>DocumentReviewFunction</c>).</summary>
    public const string FunctionName = "DocumentReview";
    public const string ApprovalRequestedAction = "approval-requested";
    public const string CommandAggregate = "customer";
    public static readonly TimeSpan Retention = TimeSpan.FromDays(1);
    public static readonly IReadOnlyList<string> Checks = ["not-empty", "size-limit", "content-type"];
    public const long MaxSize = 20 * 1024 * 1024;

    private static readonly StepOptions Retried = new() { Retry = RetryStrategies.ExponentialBackoff(3, TimeSpan.FromSeconds(2)) };

    public async Task<DocumentReviewResult> RunAsync(DocumentReviewRequest request, IDurableContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var facts = await context.StepAsync("extract", async (_, token) =>
        {
            var head = await objects.HeadAsync(request.Bucket, request.Key, token)
                ?? throw new FileNotFoundException($"s3://{request.Bucket}/{request.Key} does not exist.");
            return new DocumentFacts(head.Size, head.ContentType);
        }, Retried, cancellationToken);

        var checks = await context.MapAsync("checks", Checks, (check, _, item, token) =>
            item.StepAsync(check, (_, _) => Task.FromResult(Check(check, facts) ? "passed" : throw new InvalidDataException($"{check} failed for {request.Key}")), cancellationToken: token),
            new BatchOptions { Completion = new CompletionPolicy { ToleratedFailureCount = 1 } }, cancellationToken);
        var failed = checks.Items.Where(i => i.Status == BatchItemStatus.Failed).Select(i => Checks[i.Index]).ToList();

        ReviewDecision? decision = null;
        if (checks.Reason != CompletionReason.FailureToleranceExceeded)
        {
            try
            {
                decision = await context.WaitForCallbackAsync<ReviewDecision>("approval", (callbackId, _, token) =>
                    notifier.PublishAsync(ApprovalRequest(request, facts, callbackId, context.ExecutionArn), token),
                    new CallbackOptions { Timeout = TimeSpan.FromDays(Math.Max(1, request.ApprovalDays)) }, cancellationToken);
            }
            catch (DurableOperationFailedException ex) when (ex.IsTimeout)
            {
                decision = null;
            }
        }

        if (decision is { Approved: true })
        {
            await context.StepAsync("publish", async (_, token) =>
            {
                await commands.PublishAsync(CommandAggregate, [AttachCommand(request, context.ExecutionArn)], token);
                return true;
            }, Retried, cancellationToken);
            return new DocumentReviewResult("published", request.Key, facts.Size, failed, decision.Reviewer);
        }

        await context.WaitAsync("retention", Retention, cancellationToken);
        await context.StepAsync("delete", (_, token) => objects.DeleteAsync(request.Bucket, request.Key, token), Retried, cancellationToken);
        var outcome = decision is null ? (failed.Count > 1 ? "deleted-after-failed-checks" : "deleted-after-timeout") : "deleted-after-rejection";
        return new DocumentReviewResult(outcome, request.Key, facts.Size, failed, decision?.Reviewer);
    }

    private static bool Check(string check, DocumentFacts facts) => check switch
    {
        "not-empty" => facts.Size > 0,
        "size-limit" => facts.Size <= MaxSize,
        "content-type" => facts.ContentType is null || !facts.ContentType.StartsWith("application/x-msdownload", StringComparison.OrdinalIgnoreCase),
        _ => false,
    };

    private static Notification ApprovalRequest(DocumentReviewRequest request, DocumentFacts facts, string callbackId, string executionArn) =>
        new(ApprovalRequestedAction, new TaskKey($"review#{request.Tenant}", request.Key), request.Tenant, JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("callbackId", callbackId);
            writer.WriteString("execution", executionArn);
            writer.WriteString("bucket", request.Bucket);
            writer.WriteString("key", request.Key);
            writer.WriteNumber("size", facts.Size);
            writer.WriteEndObject();
        }));

    private Conveyor.Core.Commands.CommandMessage AttachCommand(DocumentReviewRequest request, string executionArn) =>
        new CommandFactory(Name, clock).Create(request.Owner, JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "attach-document");
            writer.WriteString("bucket", request.Bucket);
            writer.WriteString("key", request.Key);
            writer.WriteEndObject();
        }), "document-review", executionArn, msgIdSeed: executionArn + "#publish");
}
