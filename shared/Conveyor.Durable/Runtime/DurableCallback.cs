namespace Conveyor.Durable.Runtime;

internal sealed class DurableCallback<T>(DurableContext context, string operationId, string name, string callbackId) : IDurableCallback<T>
{
    public string CallbackId { get; } = callbackId;

    public Task<T> GetResultAsync(CancellationToken cancellationToken = default) => context.ResultOfCallbackAsync<T>(operationId, name);
}
