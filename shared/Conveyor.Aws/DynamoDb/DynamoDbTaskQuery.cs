using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Polly;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// One page of a partition for <see cref="DynamoDbTaskStore.QueryAsync"/>: a sort-key prefix, order, subtasks left out
/// on request, and continuation tokens bound to the query that issued them (a token from another partition, prefix or
/// order is refused).
/// </summary>
internal sealed class DynamoDbTaskQuery(Lazy<IAmazonDynamoDB> dynamo, string tableName, Lazy<ResiliencePipeline> pipeline, LargeAttributeStore large)
{
    public const int MaxLimit = 1000;
    private static readonly string[] KeyNames = [A.Pk, A.Sk];

    public async Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(query.Pk))
        {
            throw new ValidationException("A task query needs a partition key.", nameof(query));
        }

        if (query.Limit is < 1 or > MaxLimit)
        {
            throw new ValidationException($"The page size must be between 1 and {MaxLimit}; got {query.Limit}.", nameof(query));
        }

        var scope = string.Join('\n', "tasks", tableName, query.Pk, query.SkPrefix ?? string.Empty, query.Ascending ? "asc" : "desc", query.ExcludeSubTasks ? "parents" : "all");
        var start = query.ContinuationToken is null ? null : DecodeToken(query, scope);
        var request = BuildQuery(query);
        var rows = new List<Dictionary<string, AttributeValue>>();

        // Ask for one row more than the page so the last page is known to be last (no empty trailing page), and
        // keep reading while a filter or the 1 MB response limit leaves the page short.
        do
        {
            request.Limit = query.Limit + 1 - rows.Count;
            request.ExclusiveStartKey = start;
            var response = await pipeline.Value.ExecuteAsync(async ct => await dynamo.Value.QueryAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            rows.AddRange(response.Items ?? []);
            start = response.LastEvaluatedKey is { Count: > 0 } last ? last : null;
        }
        while (rows.Count <= query.Limit && start is not null);

        string? token = null;
        if (rows.Count > query.Limit)
        {
            rows.RemoveRange(query.Limit, rows.Count - query.Limit);
            var lastRow = rows[^1];
            token = DynamoDbContinuationToken.Encode(scope, new Dictionary<string, AttributeValue>(StringComparer.Ordinal) { [A.Pk] = lastRow[A.Pk], [A.Sk] = lastRow[A.Sk] });
        }

        var tasks = new List<TrackedTask>(rows.Count);
        foreach (var row in rows)
        {
            await large.ResolveAsync(row, cancellationToken).ConfigureAwait(false);
            tasks.Add(TaskItemMapper.FromItem(row));
        }

        return new TaskPage(tasks, token);
    }

    private QueryRequest BuildQuery(TaskQuery query)
    {
        var request = new QueryRequest
        {
            TableName = tableName,
            KeyConditionExpression = "#pk = :pk",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { ["#pk"] = A.Pk },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [":pk"] = TaskItemMapper.S(query.Pk) },
            ScanIndexForward = query.Ascending,
            ConsistentRead = true,
        };
        if (!string.IsNullOrEmpty(query.SkPrefix))
        {
            request.KeyConditionExpression += " AND begins_with(#sk, :prefix)";
            request.ExpressionAttributeNames["#sk"] = A.Sk;
            request.ExpressionAttributeValues[":prefix"] = TaskItemMapper.S(query.SkPrefix);
        }

        if (query.ExcludeSubTasks)
        {
            // Filters apply after DynamoDB's Limit, so a page may come back short; QueryAsync reads on until it is full.
            request.FilterExpression = "#kind <> :subTask";
            request.ExpressionAttributeNames["#kind"] = A.Kind;
            request.ExpressionAttributeValues[":subTask"] = TaskItemMapper.S(A.KindSubTask);
        }

        return request;
    }

    private static Dictionary<string, AttributeValue> DecodeToken(TaskQuery query, string scope)
    {
        var key = DynamoDbContinuationToken.Decode(query.ContinuationToken!, scope, KeyNames);
        if (key[A.Pk].S != query.Pk || key[A.Sk].S is not { } sk || (query.SkPrefix is { } prefix && !sk.StartsWith(prefix, StringComparison.Ordinal)))
        {
            throw new ValidationException("The continuation token does not belong to this partition.", nameof(query));
        }

        return key;
    }
}
