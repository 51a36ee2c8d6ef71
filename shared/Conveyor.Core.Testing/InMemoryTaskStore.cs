using System.Buffers.Text;
using System.Text;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Testing;

/// <summary>
/// A thread-safe <see cref="ITaskStore"/> in memory: true compare-and-set under one lock, idempotency keys scoped to
/// the partition, and opaque continuation tokens (base64url of partition and last sort key) that it only accepts
/// if it issued them.
/// </summary>
public sealed class InMemoryTaskStore : ITaskStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<TaskKey, TrackedTask> _rows = [];
    private readonly Dictionary<(string Pk, string IdempotencyKey), TaskKey> _idempotency = [];
    private readonly HashSet<string> _issuedTokens = new(StringComparer.Ordinal);
    private readonly List<TaskChange> _changes = [];
    private int _reads;

    /// <summary>How many rows are stored (all partitions).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _rows.Count;
            }
        }
    }

    /// <summary>Rows read by key so far (<see cref="GetAsync"/>, also once per key of <c>GetEachAsync</c>).</summary>
    public int Reads => Volatile.Read(ref _reads);

    /// <summary>
    /// Every successful write in order, as the change feed records it (insert: no old image), so tests can relay
    /// changes as the stream would.
    /// </summary>
    public IReadOnlyList<TaskChange> Changes
    {
        get
        {
            lock (_gate)
            {
                return _changes.ToArray();
            }
        }
    }

    public Task<TaskCreation> CreateAsync(TrackedTask task, string? idempotencyKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (idempotencyKey is not null && _idempotency.TryGetValue((task.Key.Pk, idempotencyKey), out var firstKey))
            {
                return Task.FromResult(new TaskCreation(_rows[firstKey], Created: false));
            }

            if (!_rows.TryAdd(task.Key, Detach(task)))
            {
                throw new TaskConflictException($"Task {task.Key.Id} already exists.");
            }

            _changes.Add(new TaskChange(null, _rows[task.Key]));

            if (idempotencyKey is not null)
            {
                _idempotency[(task.Key.Pk, idempotencyKey)] = task.Key;
            }

            return Task.FromResult(new TaskCreation(_rows[task.Key], Created: true));
        }
    }

    public Task<int> CreateSubTasksAsync(IReadOnlyList<TrackedTask> subTasks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(subTasks);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var inserted = 0;
            foreach (var subTask in subTasks)
            {
                if (_rows.TryAdd(subTask.Key, Detach(subTask)))
                {
                    _changes.Add(new TaskChange(null, _rows[subTask.Key]));
                    inserted++;
                }
            }

            return Task.FromResult(inserted);
        }
    }

    public Task<TrackedTask?> GetAsync(TaskKey key, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Interlocked.Increment(ref _reads);
        lock (_gate)
        {
            return Task.FromResult(_rows.GetValueOrDefault(key));
        }
    }

    public Task<TrackedTask> UpdateAsync(TrackedTask next, TaskWriteCondition condition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(next);
        ArgumentNullException.ThrowIfNull(condition);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            if (!_rows.TryGetValue(next.Key, out var stored)
                || stored.Version != condition.ExpectedVersion
                || !condition.AllowedStatuses.Contains(stored.Status))
            {
                throw new TaskConflictException(next.Key, condition.ExpectedVersion);
            }

            var detached = Detach(next);
            _rows[next.Key] = detached;
            _changes.Add(new TaskChange(stored, detached));
            return Task.FromResult(detached);
        }
    }

    public Task<TaskPage> QueryAsync(TaskQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentOutOfRangeException.ThrowIfLessThan(query.Limit, 1);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            var after = query.ContinuationToken is null ? null : ReadToken(query.ContinuationToken, query.Pk);
            var rows = _rows.Values
                .Where(t => t.Key.Pk == query.Pk)
                .Where(t => query.SkPrefix is null || t.Key.Sk.StartsWith(query.SkPrefix, StringComparison.Ordinal))
                .Where(t => !query.ExcludeSubTasks || t.Kind != TaskKind.SubTask);
            var ordered = query.Ascending
                ? rows.OrderBy(t => t.Key.Sk, StringComparer.Ordinal)
                : rows.OrderByDescending(t => t.Key.Sk, StringComparer.Ordinal);
            var remaining = ordered
                .Where(t => after is null || (query.Ascending
                    ? string.CompareOrdinal(t.Key.Sk, after) > 0
                    : string.CompareOrdinal(t.Key.Sk, after) < 0))
                .Take(query.Limit + 1)
                .ToList();
            var items = remaining.Take(query.Limit).ToArray();
            var token = remaining.Count > query.Limit ? IssueToken(query.Pk, items[^1].Key.Sk) : null;
            return Task.FromResult(new TaskPage(items, token));
        }
    }

    // Rows must not share JSON memory with the caller, whose JsonDocument may be disposed.
    private static TrackedTask Detach(TrackedTask task) => task with { Input = task.Input.Clone(), Result = task.Result?.Clone() };

    private string IssueToken(string pk, string lastSk)
    {
        var token = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{pk}\n{lastSk}"));
        _issuedTokens.Add(token);
        return token;
    }

    private string ReadToken(string token, string pk)
    {
        if (!_issuedTokens.Contains(token))
        {
            throw new ValidationException("The continuation token was not issued by this store; pass the token of the previous page unchanged.", nameof(token));
        }

        var text = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(token));
        var separator = text.IndexOf('\n', StringComparison.Ordinal);
        if (text[..separator] != pk)
        {
            throw new ValidationException($"The continuation token belongs to another partition than '{pk}'.", nameof(token));
        }

        return text[(separator + 1)..];
    }
}
