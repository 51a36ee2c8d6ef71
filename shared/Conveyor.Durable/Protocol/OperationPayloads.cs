using System.Text;

namespace Conveyor.Durable.Protocol;

/// <summary>
/// What an execution's payloads weigh against <see cref="DurableLimits.MaxExecutionStateBytes"/>: the UTF-8 bytes of
/// the input, every result and every error's message and data — counted the same way by the SDK (before it checkpoints)
/// and by the service rules (before they apply a checkpoint or a callback answer).
/// </summary>
public static class OperationPayloads
{
    public static long BytesOf(Operation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        return Bytes(operation.ExecutionDetails?.InputPayload)
            + Bytes(operation.StepDetails?.Result) + BytesOf(operation.StepDetails?.Error)
            + Bytes(operation.CallbackDetails?.Result) + BytesOf(operation.CallbackDetails?.Error)
            + Bytes(operation.ContextDetails?.Result) + BytesOf(operation.ContextDetails?.Error)
            + Bytes(operation.ChainedInvokeDetails?.Result) + BytesOf(operation.ChainedInvokeDetails?.Error);
    }

    public static long BytesOf(OperationUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        return Bytes(update.Payload) + BytesOf(update.Error);
    }

    public static long BytesOf(ErrorObject? error) => error is null ? 0 : Bytes(error.ErrorMessage) + Bytes(error.ErrorData);

    /// <summary>The error a write that would take an execution past the limit gets.</summary>
    public static string LimitMessage(long keptBytes, long addedBytes, long limitBytes = DurableLimits.MaxExecutionStateBytes) =>
        $"The execution keeps {keptBytes} bytes of payloads; {addedBytes} more would pass the {limitBytes}-byte limit of one execution (100 MB, {DurableLimits.MaxExecutionStateBytes} bytes, on AWS). " +
        "Store large data elsewhere (an object store) and checkpoint its key, or split the work into child executions.";

    private static long Bytes(string? text) => text is null ? 0 : Encoding.UTF8.GetByteCount(text);
}
