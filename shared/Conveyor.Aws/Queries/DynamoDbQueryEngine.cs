using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.DynamoDb;
using Conveyor.Aws.Resilience;
using Conveyor.Core.Ports;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Conveyor.Aws.Queries;

/// <summary>
/// <see cref="IQueryEngine"/> over DynamoDB read-model tables. The filter is passed to DynamoDB as a FilterExpression
/// with its values converted to attributes and its names as ExpressionAttributeNames. DynamoDB applies Limit before
/// the filter, so a filtered page may hold fewer items than asked (even none) and still carry a token: callers page
/// until the token is null. Tokens wrap LastEvaluatedKey and are bound to the table, id and filter that issued them.
/// </summary>
public sealed class DynamoDbQueryEngine : IQueryEngine
{
    // Reserved placeholders for the key condition, unlikely to collide with a caller's filter.
    private const string KeyName = "#conveyorKey";
    private const string KeyValue = ":conveyorKey";

    private readonly IAmazonDynamoDB _dynamo;
    private readonly DynamoDbQueryEngineOptions _options;
    private readonly Lazy<ResiliencePipeline> _pipeline;

    public DynamoDbQueryEngine(IAmazonDynamoDB dynamo, DynamoDbQueryEngineOptions? options = null, ILogger<DynamoDbQueryEngine>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(dynamo);
        _options = options ?? new DynamoDbQueryEngineOptions();
        _options.Validate();
        _dynamo = dynamo;
        _pipeline = AwsResiliencePipelines.CreateLazy(_options.Retry, logger: (ILogger?)logger ?? NullLogger.Instance, timeProvider: timeProvider);
    }

    public async Task<QueryPage> QueryByIdAsync(string table, string id, QueryFilter? filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(paging);
        var scope = Scope("query", table, id, filter);
        var request = new QueryRequest
        {
            TableName = table,
            KeyConditionExpression = $"{KeyName} = {KeyValue}",
            ExpressionAttributeNames = new(StringComparer.Ordinal) { [KeyName] = _options.IdAttribute },
            ExpressionAttributeValues = new(StringComparer.Ordinal) { [KeyValue] = new AttributeValue { S = id } },
            Limit = CheckLimit(paging.Limit),
        };
        ApplyFilter(filter, request.ExpressionAttributeNames, request.ExpressionAttributeValues, e => request.FilterExpression = e);
        if (paging.ContinuationToken is { } token)
        {
            request.ExclusiveStartKey = DynamoDbContinuationToken.Decode(token, scope, keyNames: null);
            if (request.ExclusiveStartKey.GetValueOrDefault(_options.IdAttribute)?.S != id)
            {
                throw new ValidationException("The continuation token belongs to another id.", nameof(paging));
            }
        }

        var response = await _pipeline.Value.ExecuteAsync(async ct => await _dynamo.QueryAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return Page(scope, response.Items, response.LastEvaluatedKey);
    }

    public async Task<QueryPage> ScanAsync(string table, QueryFilter filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(paging);
        var scope = Scope("scan", table, null, filter);
        var request = new ScanRequest
        {
            TableName = table,
            Limit = CheckLimit(paging.Limit),
            ExpressionAttributeNames = new(StringComparer.Ordinal),
            ExpressionAttributeValues = new(StringComparer.Ordinal),
        };
        ApplyFilter(filter, request.ExpressionAttributeNames, request.ExpressionAttributeValues, e => request.FilterExpression = e);
        if (request.ExpressionAttributeNames.Count == 0)
        {
            request.ExpressionAttributeNames = null;
        }

        if (request.ExpressionAttributeValues.Count == 0)
        {
            request.ExpressionAttributeValues = null;
        }

        if (paging.ContinuationToken is { } token)
        {
            request.ExclusiveStartKey = DynamoDbContinuationToken.Decode(token, scope, keyNames: null);
        }

        var response = await _pipeline.Value.ExecuteAsync(async ct => await _dynamo.ScanAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return Page(scope, response.Items, response.LastEvaluatedKey);
    }

    private int CheckLimit(int limit) =>
        limit >= 1 && limit <= _options.MaxLimit
            ? limit
            : throw new ValidationException($"The page size must be between 1 and {_options.MaxLimit}; got {limit}.", nameof(limit));

    private static void ApplyFilter(QueryFilter? filter, Dictionary<string, string> names, Dictionary<string, AttributeValue> values, Action<string> setExpression)
    {
        if (filter is null || string.IsNullOrWhiteSpace(filter.Expression))
        {
            return;
        }

        foreach (var (name, attribute) in filter.Names ?? new Dictionary<string, string>())
        {
            if (!name.StartsWith('#') || name == KeyName)
            {
                throw new ValidationException($"Filter attribute name placeholder '{name}' must start with '#' and not be {KeyName}.", nameof(filter));
            }

            names[name] = attribute;
        }

        foreach (var (name, value) in filter.Values)
        {
            if (!name.StartsWith(':') || name == KeyValue)
            {
                throw new ValidationException($"Filter value placeholder '{name}' must start with ':' and not be {KeyValue}.", nameof(filter));
            }

            values[name] = AttributeValueJson.FromPlain(value);
        }

        setExpression(filter.Expression);
    }

    private static QueryPage Page(string scope, List<Dictionary<string, AttributeValue>>? items, Dictionary<string, AttributeValue>? lastKey) => new(
        (items ?? []).Select(AttributeValueJson.ToPlainObject).ToArray(),
        lastKey is { Count: > 0 } ? DynamoDbContinuationToken.Encode(scope, lastKey) : null);

    private static string Scope(string operation, string table, string? id, QueryFilter? filter) => string.Join(
        '\n',
        operation,
        table,
        id ?? string.Empty,
        filter?.Expression ?? string.Empty,
        string.Join(',', (filter?.Values ?? new Dictionary<string, System.Text.Json.JsonElement>()).OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}={v.Value.GetRawText()}")));
}
