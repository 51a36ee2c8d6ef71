using Conveyor.Durable.Protocol;

namespace Conveyor.Durable;

/// <summary>The untyped face of a <see cref="DurableFunction{TIn, TOut}"/>: one invocation, envelope in, answer out.</summary>
public interface IDurableFunction
{
    Task<DurableInvocationOutput> InvokeAsync(DurableInvocationInput input, IDurableServiceClient client, CancellationToken cancellationToken);
}
