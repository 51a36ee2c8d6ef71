using Conveyor.Lambda.Context;

namespace Conveyor.Lambda.Hosting;

/// <summary>
/// The untyped face of a handler: raw event JSON in, response JSON out. Implement
/// <see cref="ILambdaHandler{TEvent, TResponse}"/> instead; it provides this through its JSON type metadata.
/// </summary>
public interface ILambdaFunctionHandler
{
    Task<ReadOnlyMemory<byte>> InvokeAsync(ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken);
}
