using System.Text.Json;
using System.Text.Json.Nodes;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;

namespace Conveyor.Functions.Invocation;

/// <summary>
/// A function handler callable with a JSON payload, as Lambda calls it: the payload is deserialized with the handler's own
/// source-generated type info and the response serialized back, so the state machine sees exactly the AWS payloads.
/// </summary>
public sealed class InProcessFunction
{
    private readonly Func<JsonNode?, ILambdaContext, CancellationToken, Task<JsonNode?>> _invoke;

    private InProcessFunction(string name, Func<JsonNode?, ILambdaContext, CancellationToken, Task<JsonNode?>> invoke)
    {
        Name = name;
        _invoke = invoke;
    }

    /// <summary>The function name (the last segment of its ARN).</summary>
    public string Name { get; }

    public static InProcessFunction Create<TIn, TOut>(string name, ILambdaHandler<TIn, TOut> handler)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(handler);
        return new InProcessFunction(name, async (payload, context, cancellationToken) =>
        {
            var input = JsonSerializer.Deserialize((payload ?? JsonValue.Create((string?)null))?.ToJsonString() ?? "null", handler.EventTypeInfo)
                ?? throw new JsonException($"The payload for {name} is null.");
            var output = await handler.HandleAsync(input, context, cancellationToken).ConfigureAwait(false);
            return JsonSerializer.SerializeToNode(output, handler.ResponseTypeInfo);
        });
    }

    public Task<JsonNode?> InvokeAsync(JsonNode? payload, ILambdaContext context, CancellationToken cancellationToken) =>
        _invoke(payload, context, cancellationToken);
}
