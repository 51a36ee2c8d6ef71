using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable;
using Conveyor.Durable.Protocol;
using Conveyor.Functions.Hosting;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;

namespace Conveyor.Functions.DocumentReview;

/// <summary>
/// The DocumentReview durable function: each invocation the durable execution service makes (envelope in, SUCCEEDED /
/// FAILED / PENDING out) runs the document review workflow registered as the application's <see cref="IDurableFunction"/>,
/// checkpointing through <see cref="IDurableServiceClient"/> (the Lambda API on AWS, the embedded engine locally).
/// </summary>
public sealed class DocumentReviewHandler(IDurableFunction workflow, IDurableServiceClient service) : ILambdaHandler<DurableInvocationInput, DurableInvocationOutput>
{
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<DocumentReviewHandler, DurableInvocationInput, DurableInvocationOutput>("DocumentReview", FunctionTrigger.DurableExecution, TimeSpan.FromSeconds(60));

    public JsonTypeInfo<DurableInvocationInput> EventTypeInfo => DurableProtocolJsonContext.Default.DurableInvocationInput;

    public JsonTypeInfo<DurableInvocationOutput> ResponseTypeInfo => DurableProtocolJsonContext.Default.DurableInvocationOutput;

    public Task<DurableInvocationOutput> HandleAsync(DurableInvocationInput input, ILambdaContext context, CancellationToken cancellationToken) =>
        workflow.InvokeAsync(input, service, cancellationToken);
}
