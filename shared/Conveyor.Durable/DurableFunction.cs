using System.Text;
using System.Text.Json.Serialization.Metadata;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Runtime;
using Conveyor.Durable.Service;

namespace Conveyor.Durable;

/// <summary>
/// Runs one invocation of a durable workflow the way Lambda durable functions do: loads the execution's operations
/// (the envelope, then every <c>NextMarker</c> page), runs the workflow from the top with checkpointed operations
/// answered from their results, checkpoints new work, and answers SUCCEEDED (result), FAILED (error) or PENDING
/// (suspended until a timer, callback, retry or invoke completes). A checkpoint refused or failed by the service fails
/// the invocation itself (an exception), so the service retries it; nothing the workflow did is lost.
/// </summary>
public sealed class DurableFunction<TIn, TOut> : IDurableFunction
{
    private readonly DurableWorkflow<TIn, TOut> _workflow;
    private readonly DurableSerializer _serializer;
    private readonly DurableFunctionOptions _options;

    /// <param name="workflow">The workflow.</param>
    /// <param name="types">Source-generated JSON metadata (a <c>JsonSerializerContext</c>) for the input, the result and every checkpointed value.</param>
    /// <param name="options">Clock, logger, checkpoint batching.</param>
    public DurableFunction(DurableWorkflow<TIn, TOut> workflow, IJsonTypeInfoResolver? types, DurableFunctionOptions? options = null)
    {
        _workflow = workflow ?? throw new ArgumentNullException(nameof(workflow));
        _serializer = new DurableSerializer(types);
        _options = options ?? new DurableFunctionOptions();
        _serializer.TypeInfo<TIn>();
        _serializer.TypeInfo<TOut>();
    }

    public async Task<DurableInvocationOutput> InvokeAsync(DurableInvocationInput input, IDurableServiceClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(client);
        if (string.IsNullOrEmpty(input.DurableExecutionArn) || string.IsNullOrEmpty(input.CheckpointToken))
        {
            throw new ArgumentException("A durable invocation carries DurableExecutionArn and CheckpointToken; this event has not both (is the function configured with DurableConfig and invoked through its alias?).", nameof(input));
        }

        var state = new ExecutionState(input.InitialExecutionState?.Operations);
        var marker = input.InitialExecutionState?.NextMarker;
        while (!string.IsNullOrEmpty(marker))
        {
            var page = await client.GetStateAsync(input.DurableExecutionArn, input.CheckpointToken, marker, null, cancellationToken).ConfigureAwait(false);
            state.Apply(page.Operations);
            marker = page.NextMarker;
        }

        var execution = state.ExecutionOperation()
            ?? throw new DurableServiceException("InvalidEnvelope", "The durable invocation state has no EXECUTION operation carrying the workflow input.", 400);
        var batcher = new CheckpointBatcher(client, input.DurableExecutionArn, input.CheckpointToken, state, _options.MaxUpdatesPerCheckpoint);
        var lifetime = new InvocationLifetime();
        var runtime = new InvocationRuntime(input.DurableExecutionArn, state, batcher, lifetime, _serializer, _options);

        TIn workflowInput;
        try
        {
            workflowInput = _serializer.Deserialize<TIn>(TrackedExecutionInput.Unwrap(execution.ExecutionDetails?.InputPayload).Input);
        }
        catch (System.Text.Json.JsonException ex)
        {
            return Failed(new ArgumentException($"The execution input is not a valid {typeof(TIn).Name}: {ex.Message}", ex));
        }

        var root = new DurableContext(runtime, parentId: null);
        var workflowTask = Start(workflowInput, root, cancellationToken);
        var first = await Task.WhenAny(workflowTask, lifetime.Terminated, batcher.Faulted).ConfigureAwait(false);
        if (first == batcher.Faulted)
        {
            throw CheckpointFailure(batcher.Faulted.Result);
        }

        if (first != workflowTask)
        {
            await DrainAsync(batcher).ConfigureAwait(false);
            DurableLog.Suspended(_options.Logger, input.DurableExecutionArn, batcher.CallsMade);
            return new DurableInvocationOutput { Status = InvocationStatuses.Pending };
        }

        if (workflowTask.IsFaulted || workflowTask.IsCanceled)
        {
            var error = workflowTask.Exception?.GetBaseException() ?? new OperationCanceledException("The workflow was cancelled.");
            if (error is DurableServiceException service)
            {
                throw CheckpointFailure(service);
            }

            await DrainAsync(batcher).ConfigureAwait(false);
            return Failed(error);
        }

        var result = _serializer.Serialize(workflowTask.Result);
        await DrainAsync(batcher).ConfigureAwait(false);
        if (Encoding.UTF8.GetByteCount(result) > DurableLimits.MaxResponsePayloadBytes)
        {
            return Failed(new DurableLimitExceededException($"The workflow result is larger than the {DurableLimits.MaxResponsePayloadBytes}-byte response limit."));
        }

        return new DurableInvocationOutput { Status = InvocationStatuses.Succeeded, Result = result };
    }

    /// <summary>
    /// Runs the workflow on the invoking thread up to its first wait (a checkpoint not yet acknowledged, a suspension):
    /// no hand-off to another thread. Whatever it throws before returning its task is its task's failure, as when it throws later.
    /// </summary>
    private Task<TOut> Start(TIn input, DurableContext root, CancellationToken cancellationToken)
    {
        try
        {
            return _workflow(input, root, cancellationToken);
        }
#pragma warning disable CA1031 // The workflow's own failure, reported as its task's: Failed(...) answers it below.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Task.FromException<TOut>(ex);
        }
    }

    private static async Task DrainAsync(CheckpointBatcher batcher)
    {
        try
        {
            await batcher.DrainAsync().ConfigureAwait(false);
        }
        catch (DurableServiceException ex)
        {
            throw CheckpointFailure(ex.InnerException ?? ex);
        }
    }

    private static DurableServiceException CheckpointFailure(Exception error) =>
        error as DurableServiceException ?? new DurableServiceException("The checkpoint failed: " + error.Message, error);

    private DurableInvocationOutput Failed(Exception error)
    {
        DurableLog.WorkflowFailed(_options.Logger, error, error.Message);
        return new DurableInvocationOutput { Status = InvocationStatuses.Failed, Error = ErrorObject.From(error) };
    }
}
