using System.Text.Json.Serialization.Metadata;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.SampleFunction;

public sealed partial class GreetingHandler(Greeter greeter, ILogger<GreetingHandler> logger)
    : ILambdaHandler<GreetingRequest, GreetingResponse>
{
    public JsonTypeInfo<GreetingRequest> EventTypeInfo => SampleJsonContext.Default.GreetingRequest;

    public JsonTypeInfo<GreetingResponse> ResponseTypeInfo => SampleJsonContext.Default.GreetingResponse;

    public Task<GreetingResponse> HandleAsync(GreetingRequest input, ILambdaContext context, CancellationToken cancellationToken)
    {
        using var scope = logger.BeginScope(new Dictionary<string, object?> { ["tenant"] = "sample" });
        if (input.Fail)
        {
            throw new GreetingFailedException($"Asked to fail for {input.Name}.");
        }

        LogGreeting(input.Name);
        return Task.FromResult(new GreetingResponse(greeter.Greet(input.Name), context.RequestId, context.FunctionName));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Greeting {Name}")]
    private partial void LogGreeting(string name);
}
