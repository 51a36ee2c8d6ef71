using Conveyor.Lambda.Client;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.ExceptionHandling;
using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Bootstrap;

/// <summary>
/// The invoke loop: initialise once (a failure is posted as an init error and the process should exit non-zero),
/// then next → set <c>_X_AMZN_TRACE_ID</c> → handler → response or error, until the host stops.
/// A handler exception is reported as that invocation's error and never ends the loop.
/// </summary>
public sealed partial class LambdaBootstrap
{
    /// <summary>Exit code after an init error: Lambda restarts the sandbox on the next invoke.</summary>
    public const int InitErrorExitCode = 1;

    private readonly IRuntimeApiClient _client;
    private readonly IEnvironmentVariables _environment;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly LambdaBootstrapOptions _options;

    public LambdaBootstrap(
        IRuntimeApiClient client,
        IEnvironmentVariables environment,
        TimeProvider timeProvider,
        ILogger<LambdaBootstrap> logger,
        LambdaBootstrapOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(logger);
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _environment = environment;
        _timeProvider = timeProvider;
        _logger = logger;
        _options = options;
    }

    /// <summary>Runs the loop; returns the process exit code (0 after a clean stop, non-zero after an init error).</summary>
    public async Task<int> RunAsync(
        Func<CancellationToken, Task<LambdaInvocationHandler>> initialize, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(initialize);
        LambdaInvocationHandler handler;
        try
        {
            handler = await initialize(cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogInitFailed(ex);
            await _client.PostInitErrorAsync(LambdaErrors.FromException(ex), cancellationToken);
            return InitErrorExitCode;
        }

        var function = LambdaFunctionInfo.FromEnvironment(_environment);
        var handled = 0;
        while (!cancellationToken.IsCancellationRequested && (_options.MaxInvocations is not { } max || handled < max))
        {
            InvocationRequest invocation;
            try
            {
                invocation = await _client.GetNextInvocationAsync(cancellationToken);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                break;
            }

            handled++;
            await InvokeAsync(handler, invocation, function, cancellationToken);
        }

        return 0;
    }

    private async Task InvokeAsync(
        LambdaInvocationHandler handler, InvocationRequest invocation, LambdaFunctionInfo function, CancellationToken hostToken)
    {
        // The AWS SDK and X-Ray read the trace header from the environment, so it must change with every invocation.
        _environment.Set(LambdaEnvironmentVariables.TraceId, invocation.TraceId);
        using var context = new LambdaContext(
            invocation, function, _timeProvider, _options.CancellationSafetyMargin, _options.CancellationSafetyFraction, hostToken);
        using var scope = _logger.BeginScope(new Dictionary<string, object?>
        {
            ["requestId"] = invocation.RequestId,
            ["traceId"] = invocation.TraceId,
        });

        ReadOnlyMemory<byte> response;
        try
        {
            response = await handler(invocation.Payload, context, context.CancellationToken);
        }
        catch (Exception ex)
        {
            var error = LambdaErrors.FromException(ex);
            LogInvocationFailed(ex, error.ErrorType, context.IsDeadlineReached);
            await _client.PostInvocationErrorAsync(invocation.RequestId, error, hostToken);
            return;
        }

        try
        {
            await _client.PostResponseAsync(invocation.RequestId, response, hostToken);
        }
        catch (RuntimeApiException ex) when (ex.StatusCode == System.Net.HttpStatusCode.RequestEntityTooLarge)
        {
            // Lambda refused a response over its payload limit and failed the invocation itself; the function lives on.
            LogResponseTooLarge(response.Length);
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "The response ({Bytes} bytes) is over the Lambda payload limit; the invocation failed with Function.ResponseSizeTooLarge")]
    private partial void LogResponseTooLarge(int bytes);

    [LoggerMessage(Level = LogLevel.Critical, Message = "Function initialisation failed; reporting an init error")]
    private partial void LogInitFailed(Exception exception);

    [LoggerMessage(Level = LogLevel.Error, Message = "Invocation failed with {ErrorType} (deadline reached: {DeadlineReached})")]
    private partial void LogInvocationFailed(Exception exception, string errorType, bool deadlineReached);
}
