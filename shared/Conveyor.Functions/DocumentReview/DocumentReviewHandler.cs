using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Workflows;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.DocumentReview;

/// <summary>
/// The DocumentReview durable function: each invocation the durable execution service makes (envelope in, SUCCEEDED /
/// FAILED / PENDING out) runs the document review workflow registered as the application's <see cref="IDurableFunction"/>,
/// checkpointing through <see cref="IDurableServiceClient"/> (the Lambda API on AWS, the embedded engine locally). On AWS
/// an answer that ends the execution (SUCCEEDED, FAILED) is first written to the tracking task
/// (<see cref="WorkflowService.CompleteFromInvocationAsync"/>); the embedded engine tells its tasks itself.
/// </summary>
public sealed class DocumentReviewHandler(IDurableFunction workflow, IDurableServiceClient service, TimeProvider clock, WorkflowService? workflows = null)
    : ILambdaHandler<DurableInvocationInput, DurableInvocationOutput>
{
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<DocumentReviewHandler, DurableInvocationInput, DurableInvocationOutput>(
            "DocumentReview",
            FunctionTrigger.DurableExecution,
            TimeSpan.FromSeconds(60),
            sp => new DocumentReviewHandler(sp.GetRequiredService<IDurableFunction>(), sp.GetRequiredService<IDurableServiceClient>(), sp.GetRequiredService<TimeProvider>(), sp.GetService<WorkflowService>()));

    public JsonTypeInfo<DurableInvocationInput> EventTypeInfo => DurableProtocolJsonContext.Default.DurableInvocationInput;

    public JsonTypeInfo<DurableInvocationOutput> ResponseTypeInfo => DurableProtocolJsonContext.Default.DurableInvocationOutput;

    public async Task<DurableInvocationOutput> HandleAsync(DurableInvocationInput input, ILambdaContext context, CancellationToken cancellationToken)
    {
        var output = await workflow.InvokeAsync(input, service, cancellationToken).ConfigureAwait(false);
        if (workflows is not null)
        {
            await workflows.CompleteFromInvocationAsync(input, output, clock.GetUtcNow(), cancellationToken).ConfigureAwait(false);
        }

        return output;
    }
}
