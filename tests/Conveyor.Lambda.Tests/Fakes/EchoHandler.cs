using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;

namespace Conveyor.Lambda.Tests.Fakes;

/// <summary>A typed handler: answers <c>{"parent":{…},"index":n}</c> with its parent (exercises the JSON wrapper of ILambdaHandler).</summary>
public sealed class EchoHandler : ILambdaHandler<EchoHandler.Request, EchoHandler.Response>
{
    public JsonTypeInfo<Request> EventTypeInfo => EchoJsonContext.Default.Request;

    public JsonTypeInfo<Response> ResponseTypeInfo => EchoJsonContext.Default.Response;

    public int Calls { get; private set; }

    public Task<Response> HandleAsync(Request input, ILambdaContext context, CancellationToken cancellationToken)
    {
        Calls++;
        return Task.FromResult(new Response(input.Parent));
    }

    public sealed record Key([property: JsonPropertyName("pk")] string Pk, [property: JsonPropertyName("sk")] string? Sk);

    public sealed record Request([property: JsonPropertyName("parent")] Key? Parent, [property: JsonPropertyName("index")] int? Index);

    public sealed record Response([property: JsonPropertyName("parent")] Key? Parent);
}

[JsonSerializable(typeof(EchoHandler.Request))]
[JsonSerializable(typeof(EchoHandler.Response))]
internal sealed partial class EchoJsonContext : JsonSerializerContext;
