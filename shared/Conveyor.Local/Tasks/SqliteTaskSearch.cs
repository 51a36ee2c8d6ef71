using System.Globalization;
using System.Text.Json;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Tasks;

/// <summary>
/// The dashboard's task reads across tenants, each one indexed range read whatever the number of rows: top-level tasks
/// newest first with filters and keyset pages (<see cref="SearchAsync"/>), and one parent's subtasks by index or failed
/// first (<see cref="ListSubTasksAsync"/>). Page tokens are signed with the database's key and bound to their filters,
/// like the API's (<see cref="SqliteTaskStore.QueryAsync"/>).
/// </summary>
public sealed class SqliteTaskSearch
{
    public const int MaxLimit = 200;
    private const string TopLevel = "kind <> 'SubTask'";
    private readonly LocalDatabase _database;
    private readonly Lazy<Task<ContinuationTokens>> _tokens;

    public SqliteTaskSearch(LocalDatabase database)
    {
        _database = database ?? throw new ArgumentNullException(nameof(database));
        _tokens = new Lazy<Task<ContinuationTokens>>(() => ContinuationTokens.LoadAsync(_database));
    }

    /// <exception cref="ValidationException">A limit outside 1–200, or a token not issued for these filters.</exception>
    public async Task<TaskSearchPage> SearchAsync(TaskSearch search, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(search);
        EnsureLimit(search.Limit);
        var where = new List<string>();
        var parameters = new List<(string, object?)> { ("$take", search.Limit + 1) };
        var text = string.IsNullOrWhiteSpace(search.Text) ? null : search.Text.Trim();
        if (text is not null && TryParseId(text) is { } id)
        {
            // A whole id is that task (a subtask too), not a text match.
            where.Add("pk = $ipk AND sk = $isk");
            parameters.Add(("$ipk", id.Pk));
            parameters.Add(("$isk", id.Sk));
        }
        else
        {
            where.Add(TopLevel);
            Add(where, parameters, "tenant = $tenant", "$tenant", search.Tenant);
            Add(where, parameters, "kind = $kind", "$kind", search.Kind?.ToString());
            Add(where, parameters, "status = $status", "$status", search.Status?.ToWireName());
            Add(where, parameters, "type = $type", "$type", search.Type);
            Add(where, parameters, "created_at >= $from", "$from", search.From?.ToUnixTimeMilliseconds());
            Add(where, parameters, "created_at < $to", "$to", search.To?.ToUnixTimeMilliseconds());
            if (text is not null)
            {
                // One scan of the small name index (LIKE is case-insensitive for ASCII), then the matches in time order.
                where.Add("""
                    rowid IN (SELECT rowid FROM tasks INDEXED BY tasks_top_name
                              WHERE kind <> 'SubTask' AND (name LIKE $like ESCAPE '\' OR sk LIKE $like ESCAPE '\'))
                    """);
                parameters.Add(("$like", "%" + text.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%"));
            }
        }

        var tokens = await _tokens.Value.ConfigureAwait(false);
        var scope = Scope(search);
        if (search.Next is not null)
        {
            var (createdAt, pk, sk) = ReadPosition(tokens.Read(scope, search.Next));
            where.Add("(created_at, pk, sk) < ($ac, $apk, $ask)");
            parameters.Add(("$ac", createdAt));
            parameters.Add(("$apk", pk));
            parameters.Add(("$ask", sk));
        }

        var sql = $"""
            SELECT pk, sk, tenant, type, COALESCE(name, json_extract(document, '$.name')), status, created_at, updated_at,
                   json_extract(document, '$.error.type', '$.error.message', '$.attributes.subTaskCount',
                                '$.attributes.subTaskSucceedCount', '$.attributes.subTaskFailedCount')
            FROM tasks WHERE {string.Join(" AND ", where)}
            ORDER BY created_at DESC, pk DESC, sk DESC LIMIT $take;
            """;
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(connection, null, sql, ReadSummary, cancellationToken, [.. parameters]),
            cancellationToken).ConfigureAwait(false);
        var page = rows.Take(search.Limit).ToArray();
        var next = rows.Count > search.Limit ? tokens.Issue(scope, Position(page[^1])) : null;
        return new TaskSearchPage(page, next);
    }

    /// <summary>
    /// One page of <paramref name="parent"/>'s subtasks in index order, optionally only those in <paramref name="status"/>,
    /// or FAILED ones first (<paramref name="failedFirst"/>).
    /// </summary>
    /// <exception cref="ValidationException">A limit outside 1–200, or a token not issued for this listing.</exception>
    public async Task<SubTaskPage> ListSubTasksAsync(
        TaskKey parent, TrackedTaskStatus? status, bool failedFirst, int limit, string? next, CancellationToken cancellationToken)
    {
        EnsureLimit(limit);
        var prefix = TaskKeys.SubTaskPrefix(parent);
        var tokens = await _tokens.Value.ConfigureAwait(false);
        var scope = JsonSerializer.Serialize(new[] { "subtasks", parent.Id, status?.ToWireName() ?? string.Empty, failedFirst ? "f" : "i" }, ScopeJson.Default.StringArray);
        long afterRank = -1;
        long afterIndex = -1;
        if (next is not null)
        {
            var parts = tokens.Read(scope, next).Split(':');
            afterRank = long.Parse(parts[0], CultureInfo.InvariantCulture);
            afterIndex = long.Parse(parts[1], CultureInfo.InvariantCulture);
        }

        var sql = $"""
            SELECT document, rank, idx FROM (
                SELECT document, status,
                       CASE WHEN $failedFirst = 1 AND status = 'FAILED' THEN 0 ELSE 1 END AS rank,
                       CAST(substr(sk, $plen + 1) AS INTEGER) AS idx
                FROM tasks WHERE pk = $pk AND sk > $prefix AND sk < $end {(status is null ? string.Empty : "AND status = $status")})
            WHERE (rank, idx) > ($ar, $ai)
            ORDER BY rank, idx LIMIT $take;
            """;
        var rows = await _database.ReadAsync(
            connection => Sql.ListAsync(
                connection, null, sql, r => (Document: r.GetString(0), Rank: r.GetInt64(1), Index: r.GetInt64(2)), cancellationToken,
                ("$failedFirst", failedFirst ? 1 : 0), ("$plen", prefix.Length), ("$pk", parent.Pk), ("$prefix", prefix), ("$end", SubTaskRangeEnd(parent)),
                ("$status", status?.ToWireName()), ("$ar", afterRank), ("$ai", afterIndex), ("$take", limit + 1)),
            cancellationToken).ConfigureAwait(false);
        var page = rows.Take(limit).ToList();
        var token = rows.Count > limit ? tokens.Issue(scope, string.Create(CultureInfo.InvariantCulture, $"{page[^1].Rank}:{page[^1].Index}")) : null;
        return new SubTaskPage(page.Select(r => TaskJson.Parse(r.Document)).ToArray(), token);
    }

    /// <summary>The first sort key after every subtask key of <paramref name="parent"/> (<c>parentSk#…</c> &lt; <c>parentSk$</c>).</summary>
    internal static string SubTaskRangeEnd(TaskKey parent) => parent.Sk + "$";

    private static TaskKey? TryParseId(string text)
    {
        try
        {
            return text.Count(c => c == '#') >= 3 ? TaskKey.ParseId(text) : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static void Add(List<string> where, List<(string, object?)> parameters, string condition, string name, object? value)
    {
        if (value is not null)
        {
            where.Add(condition);
            parameters.Add((name, value));
        }
    }

    private static void EnsureLimit(int limit)
    {
        if (limit is < 1 or > MaxLimit)
        {
            throw new ValidationException($"limit must be from 1 to {MaxLimit}; got {limit}.", nameof(limit));
        }
    }

    private static string Scope(TaskSearch s) => JsonSerializer.Serialize(
        new[]
        {
            "search", s.Tenant ?? string.Empty, s.Kind?.ToString() ?? string.Empty, s.Status?.ToWireName() ?? string.Empty, s.Type ?? string.Empty,
            s.From?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty,
            s.To?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? string.Empty, s.Text?.Trim() ?? string.Empty,
        },
        ScopeJson.Default.StringArray);

    private static string Position(TaskSummary last) =>
        JsonSerializer.Serialize(new[] { last.CreatedAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), last.Key.Pk, last.Key.Sk }, ScopeJson.Default.StringArray);

    private static (long CreatedAt, string Pk, string Sk) ReadPosition(string position)
    {
        var parts = JsonSerializer.Deserialize(position, ScopeJson.Default.StringArray)!;
        return (long.Parse(parts[0], CultureInfo.InvariantCulture), parts[1], parts[2]);
    }

    private static TaskSummary ReadSummary(SqliteDataReader r)
    {
        var key = new TaskKey(r.GetString(0), r.GetString(1));
        // One json_extract with five paths reads the stored document once (an import's document holds every row's status).
        using var extracted = JsonDocument.Parse(r.GetString(8));
        var fields = extracted.RootElement.EnumerateArray().Select(e => e.Clone()).ToArray();
        return new TaskSummary(
            key,
            TaskKeys.KindOf(key),
            r.GetString(2),
            r.GetString(3),
            r.NullableString(4) ?? r.GetString(3),
            TrackedTaskStatusNames.Parse(r.GetString(5)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(6)),
            DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(7)),
            fields[0].GetString() is { } type ? new TaskError(type, fields[1].GetString() ?? type) : null,
            Count(fields[2]),
            Count(fields[3]),
            Count(fields[4]));
    }

    private static int? Count(JsonElement value) => value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
