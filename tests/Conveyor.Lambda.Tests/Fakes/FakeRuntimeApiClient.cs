using System.Text;
using System.Threading.Channels;
using Conveyor.Lambda.Client;
using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Lambda.Tests.Fakes;

/// <summary>Hands out queued invocations and records everything the loop posts. <c>next</c> blocks when empty.</summary>
public sealed class FakeRuntimeApiClient : IRuntimeApiClient
{
    private readonly Channel<InvocationRequest> _queue = Channel.CreateUnbounded<InvocationRequest>();

    public List<(string RequestId, string Body)> Responses { get; } = [];

    public List<(string RequestId, LambdaError Error)> Errors { get; } = [];

    public List<LambdaError> InitErrors { get; } = [];

    public int NextCalls { get; private set; }

    public InvocationRequest Enqueue(string json, string? requestId = null, string? traceId = null, DateTimeOffset? deadline = null)
    {
        var invocation = new InvocationRequest
        {
            RequestId = requestId ?? Guid.NewGuid().ToString(),
            Deadline = deadline ?? DateTimeOffset.UtcNow.AddMinutes(5),
            TraceId = traceId,
            InvokedFunctionArn = "arn:aws:lambda:us-east-1:123456789012:function:test",
            Payload = Encoding.UTF8.GetBytes(json),
        };
        _queue.Writer.TryWrite(invocation);
        return invocation;
    }

    public async Task<InvocationRequest> GetNextInvocationAsync(CancellationToken cancellationToken)
    {
        NextCalls++;
        return await _queue.Reader.ReadAsync(cancellationToken);
    }

    public Task PostResponseAsync(string requestId, ReadOnlyMemory<byte> response, CancellationToken cancellationToken)
    {
        Responses.Add((requestId, Encoding.UTF8.GetString(response.Span)));
        return Task.CompletedTask;
    }

    public Task PostInvocationErrorAsync(string requestId, LambdaError error, CancellationToken cancellationToken)
    {
        Errors.Add((requestId, error));
        return Task.CompletedTask;
    }

    public Task PostInitErrorAsync(LambdaError error, CancellationToken cancellationToken)
    {
        InitErrors.Add(error);
        return Task.CompletedTask;
    }
}
