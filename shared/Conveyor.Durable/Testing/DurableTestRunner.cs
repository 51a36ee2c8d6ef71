using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Runtime;
using Conveyor.Durable.Service;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Durable.Testing;

/// <summary>
/// Runs a workflow in memory as the service would: invokes it, applies its checkpoints with the service's rules,
/// re-invokes it when a timer fires, a retry is due or a callback is answered — skipping time instead of waiting —
/// until it ends or waits for the outside world. A test answers callbacks, moves time and inspects operations.
/// Envelopes and answers go through their JSON wire form on every invocation.
/// </summary>
public sealed class DurableTestRunner<TIn, TOut>
{
    private readonly Func<DurableInvocationInput, IDurableServiceClient, CancellationToken, Task<DurableInvocationOutput>> _invoke;
    private readonly string _functionName;
    private readonly DurableSerializer _serializer;
    private readonly Dictionary<string, Func<string?, CancellationToken, Task<string?>>> _functions = new(StringComparer.Ordinal);
    private int _executions;

    public DurableTestRunner(DurableWorkflow<TIn, TOut> workflow, IJsonTypeInfoResolver? types, ILogger? logger = null)
    {
        Clock = new DurableTestClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Service = new InMemoryDurableService(Clock);
        _serializer = new DurableSerializer(types);
        var function = new DurableFunction<TIn, TOut>(workflow, types, new DurableFunctionOptions { Time = Clock, Logger = logger ?? NullLogger.Instance });
        _invoke = function.InvokeAsync;
        _functionName = "workflow";
    }

    /// <summary>
    /// Runs a workflow that executes elsewhere — e.g. a function process behind the Lambda Runtime API that checkpoints
    /// against <see cref="Service"/> through the service's HTTP API — as <paramref name="functionName"/> (the function in
    /// the execution ARNs): <paramref name="invoke"/> hands it each envelope and returns its answer; an invocation that
    /// fails throws from <paramref name="invoke"/>.
    /// </summary>
    public DurableTestRunner(string functionName, Func<DurableInvocationInput, CancellationToken, Task<DurableInvocationOutput>> invoke, IJsonTypeInfoResolver? types)
    {
        ArgumentException.ThrowIfNullOrEmpty(functionName);
        ArgumentNullException.ThrowIfNull(invoke);
        Clock = new DurableTestClock(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
        Service = new InMemoryDurableService(Clock);
        _serializer = new DurableSerializer(types);
        _invoke = (input, _, token) => invoke(input, token);
        _functionName = functionName;
    }

    public DurableTestClock Clock { get; }

    public InMemoryDurableService Service { get; }

    /// <summary>
    /// Skip to the next timer or retry when the workflow waits (on by default). Callback and execution timeouts are not
    /// skipped to — the test decides whether the outside world answers first — unless <see cref="SkipToDeadlines"/>.
    /// </summary>
    public bool SkipTime { get; set; } = true;

    /// <summary>When nothing but the outside world can move the workflow on, skip to the next callback or execution timeout.</summary>
    public bool SkipToDeadlines { get; set; }

    /// <summary>A guard against workflows that never settle.</summary>
    public int MaxInvocations { get; set; } = 500;

    /// <summary>Answers <see cref="IDurableContext.InvokeAsync{TIn, TOut}"/> calls to <paramref name="functionName"/> (JSON in, JSON out; throw to fail).</summary>
    public DurableTestRunner<TIn, TOut> RegisterFunction(string functionName, Func<string?, CancellationToken, Task<string?>> handler)
    {
        _functions[functionName] = handler;
        return this;
    }

    /// <summary>Starts an execution and runs it until it ends or waits for the outside world.</summary>
    public async Task<DurableTestExecution<TOut>> StartAsync(TIn input, string? executionName = null, CancellationToken cancellationToken = default)
    {
        var name = executionName ?? $"test-{Interlocked.Increment(ref _executions)}";
        var arn = $"arn:aws:lambda:us-east-1:123456789012:function:{_functionName}:1/durable-execution/{name}/{Guid.NewGuid():N}";
        Service.Add(DurableExecutionRules.Create(arn, name, _functionName, _serializer.Serialize(input), Clock.GetUtcNow(), null));
        var execution = new DurableTestExecution<TOut>(Service, arn, _serializer.Deserialize<TOut>);
        await RunUntilIdleAsync(execution, cancellationToken);
        return execution;
    }

    /// <summary>Answers callback <paramref name="callbackName"/> with <paramref name="result"/>, then runs on.</summary>
    public async Task CompleteCallbackAsync<TResult>(DurableTestExecution<TOut> execution, string callbackName, TResult result, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var callbackId = execution.CallbackId(callbackName);
        var json = _serializer.Serialize(result);
        Service.Locked(() =>
        {
            DurableExecutionRules.CompleteCallback(Service.Get(execution.Arn), callbackId, true, json, null, Clock.GetUtcNow());
            return true;
        });
        await RunUntilIdleAsync(execution, cancellationToken);
    }

    /// <summary>Fails callback <paramref name="callbackName"/>, then runs on.</summary>
    public async Task FailCallbackAsync(DurableTestExecution<TOut> execution, string callbackName, ErrorObject error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var callbackId = execution.CallbackId(callbackName);
        Service.Locked(() =>
        {
            DurableExecutionRules.CompleteCallback(Service.Get(execution.Arn), callbackId, false, null, error, Clock.GetUtcNow());
            return true;
        });
        await RunUntilIdleAsync(execution, cancellationToken);
    }

    /// <summary>Sends a heartbeat for callback <paramref name="callbackName"/>.</summary>
    public void HeartbeatCallback(DurableTestExecution<TOut> execution, string callbackName)
    {
        ArgumentNullException.ThrowIfNull(execution);
        var callbackId = execution.CallbackId(callbackName);
        Service.Locked(() =>
        {
            DurableExecutionRules.Heartbeat(Service.Get(execution.Arn), callbackId, Clock.GetUtcNow());
            return true;
        });
    }

    /// <summary>Moves the clock by <paramref name="by"/> (what <see cref="SkipTime"/> does by itself), then runs on.</summary>
    public async Task AdvanceTimeAsync(DurableTestExecution<TOut> execution, TimeSpan by, CancellationToken cancellationToken = default)
    {
        Clock.Advance(by);
        await RunUntilIdleAsync(execution, cancellationToken);
    }

    /// <summary>Invokes while the service has something for the function; skips time when only timers are left.</summary>
    public async Task RunUntilIdleAsync(DurableTestExecution<TOut> execution, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(execution);
        for (var guard = 0; ; guard++)
        {
            if (guard > MaxInvocations)
            {
                throw new InvalidOperationException($"The workflow did not settle within {MaxInvocations} invocations.");
            }

            var record = Service.Get(execution.Arn);
            var (terminal, needed, due, invokes) = Service.Locked(() =>
            {
                DurableExecutionRules.Advance(record, Clock.GetUtcNow());
                var pending = record.PendingInvokes.ToList();
                record.PendingInvokes.Clear();
                return (ExecutionStatuses.IsTerminal(record.Status), record.InvocationNeeded, DurableExecutionRules.NextDue(record, SkipToDeadlines), pending);
            });
            foreach (var invoke in invokes)
            {
                await RunChainedInvokeAsync(record, invoke, cancellationToken);
            }

            if (terminal)
            {
                return;
            }

            if (needed || invokes.Count > 0)
            {
                if (needed)
                {
                    await InvokeOnceAsync(record, cancellationToken);
                }

                continue;
            }

            if (SkipTime && due is { } next)
            {
                Clock.MoveTo(next);
                continue;
            }

            return;
        }
    }

    private async Task InvokeOnceAsync(DurableExecutionRecord record, CancellationToken cancellationToken)
    {
        var envelope = Service.Locked(() => DurableExecutionRules.BeginInvocation(record));
        var wireInput = DurableProtocolJson.Deserialize(DurableProtocolJson.Serialize(envelope), DurableProtocolJsonContext.Default.DurableInvocationInput);
        DurableInvocationOutput output;
        try
        {
            output = await _invoke(wireInput, Service, cancellationToken);
        }
        catch (DurableServiceException)
        {
            // A failed invocation: the service invokes again (the next loop turn), as Lambda retries.
            Service.Locked(() => record.InvocationNeeded = true);
            return;
        }

        var wireOutput = DurableProtocolJson.Deserialize(DurableProtocolJson.Serialize(output), DurableProtocolJsonContext.Default.DurableInvocationOutput);
        Service.Locked(() =>
        {
            DurableExecutionRules.ApplyInvocationResult(record, wireOutput, Clock.GetUtcNow());
            return true;
        });
    }

    private async Task RunChainedInvokeAsync(DurableExecutionRecord record, ChainedInvokeRequest invoke, CancellationToken cancellationToken)
    {
        bool succeeded;
        string? result = null;
        ErrorObject? error = null;
        if (!_functions.TryGetValue(invoke.FunctionName, out var handler))
        {
            succeeded = false;
            error = new ErrorObject { ErrorType = "ResourceNotFoundException", ErrorMessage = $"No function '{invoke.FunctionName}' is registered with the test runner." };
        }
        else
        {
            try
            {
                result = await handler(invoke.Payload, cancellationToken);
                succeeded = true;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                succeeded = false;
                error = ErrorObject.From(ex);
            }
        }

        Service.Locked(() =>
        {
            DurableExecutionRules.CompleteChainedInvoke(record, invoke.OperationId, succeeded, result, error, Clock.GetUtcNow());
            return true;
        });
    }
}
