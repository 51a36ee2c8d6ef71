using System.Text;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Durable;

namespace Conveyor.App.Workflows;

/// <summary>
/// Customer onboarding, the shortest workflow with every kind of wait: a chain of three steps (create the account, send
/// the welcome, provision), a durable timer (the trial), then a callback (the customer confirms; the id goes out in an
/// <c>onboarding-confirm</c> notification). Each step writes one audit record — an object
/// <c>onboarding/&lt;execution&gt;/&lt;step&gt;/&lt;process&gt;-&lt;run&gt;</c> — and returns its key, so the records show how
/// often each step body really ran (the end-to-end crash test counts them). Runs on the embedded engine (function name
/// <see cref="FunctionName"/>); it is not deployed as a Lambda function.
/// </summary>
public sealed class OnboardingWorkflow(IObjectStore objects, INotifier notifier)
{
    public const string Name = "onboarding";
    public const string FunctionName = "Onboarding";
    public const string ConfirmAction = "onboarding-confirm";
    public const string RecordPrefix = "onboarding/";
    public static readonly IReadOnlyList<string> Steps = ["create-account", "send-welcome", "provision"];

    public async Task<OnboardingResult> RunAsync(OnboardingRequest request, IDurableContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        var execution = ExecutionName(context.ExecutionArn);
        var records = new List<string>(Steps.Count);
        foreach (var step in Steps)
        {
            records.Add(await context.StepAsync(step, (_, token) => RecordAsync(request, execution, step, token), cancellationToken: cancellationToken));
        }

        await context.WaitAsync("trial", TimeSpan.FromSeconds(Math.Max(1, request.TrialSeconds)), cancellationToken);
        var decision = await context.WaitForCallbackAsync<ReviewDecision>("confirm", (callbackId, _, token) =>
            notifier.PublishAsync(ConfirmRequest(request, execution, callbackId), token),
            new CallbackOptions { Timeout = TimeSpan.FromDays(7) }, cancellationToken);
        return new OnboardingResult(request.Customer, records, decision.Approved);
    }

    /// <summary>The execution name inside an execution ARN (<c>…/durable-execution/&lt;name&gt;/&lt;id&gt;</c>).</summary>
    public static string ExecutionName(string executionArn)
    {
        ArgumentNullException.ThrowIfNull(executionArn);
        var parts = executionArn.Split('/');
        return parts.Length >= 3 ? parts[^2] : executionArn;
    }

    private async Task<string> RecordAsync(OnboardingRequest request, string execution, string step, CancellationToken cancellationToken)
    {
        var key = $"{RecordPrefix}{execution}/{step}/{Environment.ProcessId}-{Guid.NewGuid():N}";
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(request.Customer));
        await objects.PutAsync(request.Bucket, key, content, "text/plain", cancellationToken);
        return key;
    }

    private static Notification ConfirmRequest(OnboardingRequest request, string execution, string callbackId) =>
        new(ConfirmAction, new TaskKey($"onboarding#{request.Tenant}", execution), request.Tenant, JsonValues.Build(writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("callbackId", callbackId);
            writer.WriteString("execution", execution);
            writer.WriteString("customer", request.Customer);
            writer.WriteEndObject();
        }));
}
