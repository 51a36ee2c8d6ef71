using System.Text.Json.Serialization.Metadata;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Events.StepFunctions;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Lambda.Tests.Fakes;

/// <summary>A typed handler: answers a map item with its parent (exercises the JSON wrapper of ILambdaHandler).</summary>
public sealed class EchoHandler : ILambdaHandler<MapItemPayload, FinalizePayload>
{
    public JsonTypeInfo<MapItemPayload> EventTypeInfo => LambdaEventsJsonContext.Default.MapItemPayload;

    public JsonTypeInfo<FinalizePayload> ResponseTypeInfo => LambdaEventsJsonContext.Default.FinalizePayload;

    public int Calls { get; private set; }

    public Task<FinalizePayload> HandleAsync(MapItemPayload input, ILambdaContext context, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(new FinalizePayload { Parent = input.Parent! });
    }
}
