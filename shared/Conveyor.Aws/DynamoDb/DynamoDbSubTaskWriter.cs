using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Core.Tasks;
using Polly;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Inserts subtasks without ever overwriting a row. BatchWriteItem cannot carry conditions, so each chunk of 25 is
/// a TransactWriteItems of conditional puts (<c>attribute_not_exists(pk)</c>): when some rows exist the transaction is
/// cancelled with a reason per item, those items are dropped and the rest are written again. Exact (the count of
/// new rows is right even under a concurrent redelivery), at twice the write cost of a batch write.
/// </summary>
internal sealed class DynamoDbSubTaskWriter(Lazy<IAmazonDynamoDB> dynamo, string tableName, Lazy<ResiliencePipeline> pipeline, LargeAttributeStore large)
{
    /// <summary>Below DynamoDB's 100-item transaction limit, and keeps a transaction well under its 4 MB size limit.</summary>
    public const int ChunkSize = 25;

    public async Task<int> WriteAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        // The same key twice in one transaction is a validation error; the second would never be inserted anyway.
        var distinct = subTasks.DistinctBy(t => t.Key).ToList();
        var inserted = 0;
        foreach (var chunk in distinct.Chunk(ChunkSize))
        {
            inserted += await WriteChunkAsync(chunk, cancellationToken).ConfigureAwait(false);
        }

        return inserted;
    }

    private async Task<int> WriteChunkAsync(TrackedTask[] chunk, CancellationToken cancellationToken)
    {
        var pending = new List<(Dictionary<string, AttributeValue> Item, IReadOnlyList<string> Offloaded)>();
        foreach (var task in chunk)
        {
            var item = TaskItemMapper.ToItem(task);
            pending.Add((item, await large.OffloadAsync(item, cancellationToken).ConfigureAwait(false)));
        }

        // Each round removes at least one existing row, so this ends after at most chunk.Length + 1 rounds.
        while (pending.Count > 0)
        {
            var request = new TransactWriteItemsRequest
            {
                TransactItems = pending.Select(p => new TransactWriteItem
                {
                    Put = new Put
                    {
                        TableName = tableName,
                        Item = p.Item,
                        ConditionExpression = "attribute_not_exists(#pk)",
                        ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#pk"] = A.Pk },
                    },
                }).ToList(),
            };
            try
            {
                await pipeline.Value.ExecuteAsync(async ct => await dynamo.Value.TransactWriteItemsAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
                return pending.Count;
            }
            catch (TransactionCanceledException ex) when (ExistingRows(ex, pending.Count) is { Count: > 0 } existing)
            {
                foreach (var index in existing.OrderDescending())
                {
                    await large.DiscardAsync(pending[index].Offloaded, CancellationToken.None).ConfigureAwait(false);
                    pending.RemoveAt(index);
                }
            }
        }

        return 0;
    }

    // Indexes of items cancelled because their row exists. Empty when the reasons are missing or name anything else,
    // in which case the exception propagates.
    private static List<int> ExistingRows(TransactionCanceledException exception, int count)
    {
        var reasons = exception.CancellationReasons;
        if (reasons is null || reasons.Count != count)
        {
            return [];
        }

        var existing = new List<int>();
        for (var i = 0; i < count; i++)
        {
            switch (reasons[i].Code)
            {
                case "ConditionalCheckFailed":
                    existing.Add(i);
                    break;
                case null or "None":
                    break;
                default:
                    return [];
            }
        }

        return existing;
    }
}
