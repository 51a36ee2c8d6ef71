using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Testing;

/// <summary>
/// Read-model tables of JSON objects keyed by their string <c>id</c>, filtered with <see cref="FilterExpression"/>.
/// A scan returns matches in id order; <see cref="QueryPaging.Limit"/> counts returned items (DynamoDB counts evaluated
/// items, so callers must not rely on full pages either way). A table never written to reads as empty.
/// </summary>
public sealed class InMemoryQueryEngine : IQueryEngine
{
    private const string TokenVersion = "v1";
    private readonly Dictionary<string, SortedDictionary<string, JsonElement>> _tables = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Inserts or replaces <paramref name="item"/>, which must be a JSON object with a string <c>id</c>.</summary>
    public void Put(string table, JsonElement item)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty("id", out var id) || id.ValueKind != JsonValueKind.String)
        {
            throw new ValidationException("A read-model item must be a JSON object with a string 'id'.", nameof(item));
        }

        lock (_lock)
        {
            if (!_tables.TryGetValue(table, out var rows))
            {
                _tables[table] = rows = new SortedDictionary<string, JsonElement>(StringComparer.Ordinal);
            }

            rows[id.GetString()!] = item.Clone();
        }
    }

    public bool Delete(string table, string id)
    {
        lock (_lock)
        {
            return _tables.TryGetValue(table, out var rows) && rows.Remove(id);
        }
    }

    public Task<QueryPage> QueryByIdAsync(string table, string id, QueryFilter? filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(paging);
        cancellationToken.ThrowIfCancellationRequested();
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        var compiled = filter is null ? null : FilterExpression.Compile(filter);
        ValidatePaging(table, paging);

        // Ids are unique, so a query has at most one item and always a single page.
        JsonElement item = default;
        var found = false;
        lock (_lock)
        {
            if (_tables.TryGetValue(table, out var rows))
            {
                found = rows.TryGetValue(id, out item);
            }
        }

        IReadOnlyList<JsonElement> items = found && paging.ContinuationToken is null && (compiled?.Matches(item) ?? true) ? [item] : [];
        return Task.FromResult(new QueryPage(items, null));
    }

    public Task<QueryPage> ScanAsync(string table, QueryFilter filter, QueryPaging paging, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        ArgumentNullException.ThrowIfNull(paging);
        cancellationToken.ThrowIfCancellationRequested();
        var compiled = FilterExpression.Compile(filter);
        var after = ValidatePaging(table, paging);

        List<KeyValuePair<string, JsonElement>> rows;
        lock (_lock)
        {
            rows = _tables.TryGetValue(table, out var stored) ? [.. stored] : [];
        }

        var page = new List<JsonElement>(paging.Limit);
        string? lastId = null;
        string? token = null;
        foreach (var (id, item) in rows)
        {
            if ((after is not null && string.CompareOrdinal(id, after) <= 0) || !compiled.Matches(item))
            {
                continue;
            }

            if (page.Count == paging.Limit)
            {
                // Another match exists beyond this page.
                token = EncodeToken(table, lastId!);
                break;
            }

            page.Add(item);
            lastId = id;
        }

        return Task.FromResult(new QueryPage(page, token));
    }

    /// <returns>The id after which the page starts, or null for the first page.</returns>
    private static string? ValidatePaging(string table, QueryPaging paging)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(table);
        if (paging.Limit < 1)
        {
            throw new ValidationException($"A page limit must be at least 1; got {paging.Limit}.", nameof(paging));
        }

        return paging.ContinuationToken is null ? null : DecodeToken(table, paging.ContinuationToken);
    }

    private static string EncodeToken(string table, string lastId) =>
        Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{TokenVersion}\n{table}\n{lastId}"));

    private static string DecodeToken(string table, string token)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token)).Split('\n', 3);
            if (parts is [TokenVersion, var tokenTable, var lastId] && tokenTable == table)
            {
                return lastId;
            }
        }
        catch (FormatException)
        {
            // Reported below like any other foreign token.
        }

        throw new ValidationException($"The continuation token is not one this engine issued for table '{table}'.", nameof(token));
    }
}
