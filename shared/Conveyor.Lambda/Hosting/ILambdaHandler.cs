using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Lambda.Hosting;

/// <summary>
/// A typed function handler. It names the source-generated JSON metadata of its event and response (e.g.
/// <c>SqsEventJsonContext.Default.SqsEvent</c>), so no reflection is needed at run time and AOT stays clean.
/// A payload that is not valid JSON for <typeparamref name="TEvent"/> fails the invocation with
/// <see cref="InvalidEventException"/> before <see cref="HandleAsync"/> runs.
/// </summary>
public interface ILambdaHandler<TEvent, TResponse> : ILambdaFunctionHandler
{
    JsonTypeInfo<TEvent> EventTypeInfo { get; }

    JsonTypeInfo<TResponse> ResponseTypeInfo { get; }

    /// <summary>Handles one event. <paramref name="cancellationToken"/> fires shortly before the deadline.</summary>
    Task<TResponse> HandleAsync(TEvent input, ILambdaContext context, CancellationToken cancellationToken);

    async Task<ReadOnlyMemory<byte>> ILambdaFunctionHandler.InvokeAsync(
        ReadOnlyMemory<byte> payload, ILambdaContext context, CancellationToken cancellationToken)
    {
        TEvent? input;
        try
        {
            input = JsonSerializer.Deserialize(payload.Span, EventTypeInfo);
        }
        catch (JsonException ex)
        {
            throw new InvalidEventException($"The event is not a valid {typeof(TEvent).Name}: {ex.Message}", ex);
        }

        if (input is null)
        {
            throw new InvalidEventException($"The event is null; expected a {typeof(TEvent).Name}.");
        }

        var response = await HandleAsync(input, context, cancellationToken);
        return JsonSerializer.SerializeToUtf8Bytes(response, ResponseTypeInfo);
    }
}
