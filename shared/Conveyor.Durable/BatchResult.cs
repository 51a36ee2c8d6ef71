namespace Conveyor.Durable;

/// <summary>The outcome of a parallel or map operation, item by item in input order.</summary>
public sealed record BatchResult<T>(IReadOnlyList<BatchItem<T>> Items, CompletionReason Reason)
{
    public int SuccessCount => Items.Count(i => i.Status == BatchItemStatus.Succeeded);

    public int FailureCount => Items.Count(i => i.Status == BatchItemStatus.Failed);

    /// <summary>The results of the items that succeeded, in input order.</summary>
    public IReadOnlyList<T> Results() => Items.Where(i => i.Status == BatchItemStatus.Succeeded).Select(i => i.Result!).ToList();

    /// <summary>Throws the first item's failure when the completion policy was breached.</summary>
    public BatchResult<T> ThrowIfFailureToleranceExceeded()
    {
        if (Reason == CompletionReason.FailureToleranceExceeded)
        {
            var first = Items.First(i => i.Status == BatchItemStatus.Failed);
            throw new DurableOperationFailedException($"item {first.Index}", "CONTEXT", Protocol.OperationStatuses.Failed, first.Error);
        }

        return this;
    }
}
