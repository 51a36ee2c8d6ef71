using System.Text;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;

namespace Conveyor.Local.ReadModels;

/// <summary>
/// Read-model tables of JSON items keyed by (id, sort key), with the DynamoDB-style filter syntax evaluated by Core's
/// <see cref="FilterExpression"/>. A page holds up to <see cref="QueryPaging.Limit"/> matching items; the token resumes
/// after the last one returned.
/// </summary>
public sealed class SqliteQueryEngine(LocalDatabase database) : IQueryEngine
{
    private const int ChunkSize = 256;
    private const string TokenPrefix = "rm1";
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    /// <summary>Inserts or replaces an item (the projection side of the read model).</summary>
    public Task PutAsync(string table, string id, string sortKey, JsonElement item, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentException.ThrowIfNullOrEmpty(id);
        ArgumentNullException.ThrowIfNull(sortKey);
        if (item.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException("A read-model item must be a JSON object.", nameof(item));
        }

        return _database.WriteAsync(
            (connection, transaction) => Sql.ExecuteAsync(
                connection, transaction, "INSERT OR REPLACE INTO read_models (table_name, id, sort_key, item) VALUES ($t, $id, $sk, $item);",
                cancellationToken, ("$t", table), ("$id", id), ("$sk", sortKey), ("$item", item.GetRawText())),
            cancellationToken);
    }

    public Task<bool> DeleteAsync(string table, string id, string sortKey, CancellationToken cancellationToken) =>
        _database.WriteAsync(
            async (connection, transaction) => await Sql.ExecuteAsync(
                connection, transaction, "DELETE FROM read_models WHERE table_name = $t AND id = $id AND sort_key = $sk;",
                cancellationToken, ("$t", table), ("$id", id), ("$sk", sortKey)).ConfigureAwait(false) == 1,
            cancellationToken);

    public Task<QueryPage> QueryByIdAsync(string table, string id, QueryFilter? filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(id);
        return PageAsync(table, id, filter, paging, cancellationToken);
    }

    public Task<QueryPage> ScanAsync(string table, QueryFilter filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return PageAsync(table, null, filter, paging, cancellationToken);
    }

    private async Task<QueryPage> PageAsync(string table, string? id, QueryFilter? filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(table);
        ArgumentNullException.ThrowIfNull(paging);
        if (paging.Limit < 1)
        {
            throw new ValidationException($"Limit must be at least 1; got {paging.Limit}.", nameof(paging));
        }

        var compiled = filter is null ? null : FilterExpression.Compile(filter);
        var (afterId, afterSort) = paging.ContinuationToken is null ? (string.Empty, string.Empty) : ReadToken(paging.ContinuationToken, table, id);
        var items = new List<JsonElement>();
        string? lastId = null;
        string? lastSort = null;
        while (true)
        {
            var rows = await _database.ReadAsync(
                connection => Sql.ListAsync(
                    connection, null,
                    """
                    SELECT id, sort_key, item FROM read_models
                    WHERE table_name = $t AND ($id IS NULL OR id = $id) AND (id > $aid OR (id = $aid AND sort_key > $asort))
                    ORDER BY id, sort_key LIMIT $n;
                    """,
                    r => (Id: r.GetString(0), Sort: r.GetString(1), Item: r.GetString(2)),
                    cancellationToken, ("$t", table), ("$id", id), ("$aid", afterId), ("$asort", afterSort), ("$n", ChunkSize)),
                cancellationToken).ConfigureAwait(false);
            foreach (var row in rows)
            {
                (afterId, afterSort) = (row.Id, row.Sort);
                using var document = JsonDocument.Parse(row.Item);
                if (compiled is null || compiled.Matches(document.RootElement))
                {
                    items.Add(document.RootElement.Clone());
                    (lastId, lastSort) = (row.Id, row.Sort);
                    if (items.Count == paging.Limit)
                    {
                        return new QueryPage(items, IssueToken(table, id, lastId, lastSort));
                    }
                }
            }

            if (rows.Count < ChunkSize)
            {
                return new QueryPage(items, null);
            }
        }
    }

    private static string IssueToken(string table, string? id, string lastId, string lastSort) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Join('\n', TokenPrefix, table, id ?? string.Empty, lastId, lastSort)));

    private static (string Id, string Sort) ReadToken(string token, string table, string? id)
    {
        string[] parts;
        try
        {
            parts = Encoding.UTF8.GetString(Convert.FromBase64String(token)).Split('\n');
        }
        catch (FormatException)
        {
            parts = [];
        }

        return parts.Length == 5 && parts[0] == TokenPrefix && parts[1] == table && parts[2] == (id ?? string.Empty)
            ? (parts[3], parts[4])
            : throw new ValidationException("The continuation token was not issued for this query; pass the previous page's token unchanged.", nameof(token));
    }
}
