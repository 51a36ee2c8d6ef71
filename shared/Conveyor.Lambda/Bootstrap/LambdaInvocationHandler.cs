using Conveyor.Lambda.Context;

namespace Conveyor.Lambda.Bootstrap;

/// <summary>Handles one raw invocation: event JSON in, response JSON out. Throwing reports an invocation error.</summary>
public delegate Task<ReadOnlyMemory<byte>> LambdaInvocationHandler(
    ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken);
