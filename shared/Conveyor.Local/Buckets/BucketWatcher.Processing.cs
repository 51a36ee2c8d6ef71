using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Buckets;

/// <summary>The single consumer of hints: decides what changed, waits for files to settle, publishes.</summary>
public sealed partial class BucketWatcher
{
    private const int HintsPerRound = 1024;

    /// <summary>A file a writer seems to hold open is still reported once unchanged for this many stability intervals (its close event may have been lost).</summary>
    public const int WriterGiveUpIntervals = 60;

    private async Task ProcessLoopAsync(CancellationToken cancellationToken)
    {
        var removals = new List<InventoryChange>();
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                for (var i = 0; i < HintsPerRound && _hints.Reader.TryRead(out var hint); i++)
                {
                    Observe(hint.Bucket, hint.Path, hint.Closed, removals);
                }

                await PublishAsync(removals, cancellationToken).ConfigureAwait(false);
                removals.Clear();
                await CheckPendingAsync(cancellationToken).ConfigureAwait(false);
                if (_hints.Reader.TryPeek(out _))
                {
                    continue;
                }

                // Sleep until a hint arrives or the next settling check is due.
                using var timeout = new CancellationTokenSource(_pending.Count == 0 ? _options.EffectiveStabilityInterval * 4 : _options.EffectiveStabilityInterval / 2, _time);
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
                await _hints.Reader.WaitToReadAsync(wait.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The wait timed out: loop to check pending files.
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                // Nothing was acknowledged: the next rescan finds the same files again.
                LogProcessFailed(ex.Message);
                RequestRescan();
                await Task.Delay(_options.EffectiveStabilityInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <param name="closed">The writer just closed the file, or it was moved in: check it at once rather than after a stability interval.</param>
    private void Observe(string bucket, string path, bool closed, List<InventoryChange> removals)
    {
        var key = _paths.KeyOf(bucket, path);
        if (key.StartsWith("..", StringComparison.Ordinal) || BucketPaths.IsIgnored(key))
        {
            return;
        }

        var info = new FileInfo(path);
        var linked = _paths.IsLinked(bucket, path);
        if (!info.Exists || linked)
        {
            if (!linked && Directory.Exists(path))
            {
                // A folder moved in at once: its files get no notifications of their own.
                foreach (var file in Directory.EnumerateFiles(path, "*", SearchOption.AllDirectories))
                {
                    Observe(bucket, file, closed: false, removals);
                }

                return;
            }

            _pending.Remove((bucket, key));
            if (_known[bucket].ContainsKey(key))
            {
                removals.Add(InventoryChange.Removed(bucket, key));
            }

            return;
        }

        var ticks = info.LastWriteTimeUtc.Ticks;
        if (_known[bucket].TryGetValue(key, out var known) && known.Size == info.Length && known.ModifiedTicks == ticks)
        {
            _pending.Remove((bucket, key));
            return;
        }

        var now = _time.GetUtcNow();
        if (_pending.TryGetValue((bucket, key), out var seen) && seen.Size == info.Length && seen.ModifiedTicks == ticks)
        {
            if (closed && seen.CheckAt > now)
            {
                _pending[(bucket, key)] = seen with { CheckAt = now };
            }

            return; // Unchanged since first seen: keep its check time.
        }

        _pending[(bucket, key)] = new FileObservation(bucket, key, path, info.Length, ticks, now, closed ? now : now + _options.EffectiveStabilityInterval);
    }

    private async Task CheckPendingAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var changes = new List<InventoryChange>();
        foreach (var observation in _pending.Values.Where(o => o.CheckAt <= now).ToArray())
        {
            var slot = (observation.Bucket, observation.Key);
            var info = new FileInfo(observation.Path);
            if (!info.Exists || _paths.IsLinked(observation.Bucket, observation.Path))
            {
                _pending.Remove(slot);
                if (_known[observation.Bucket].ContainsKey(observation.Key))
                {
                    changes.Add(InventoryChange.Removed(observation.Bucket, observation.Key));
                }

                continue;
            }

            if (info.Length != observation.Size || info.LastWriteTimeUtc.Ticks != observation.ModifiedTicks)
            {
                _pending[slot] = observation with { Size = info.Length, ModifiedTicks = info.LastWriteTimeUtc.Ticks, Since = now, CheckAt = now + _options.EffectiveStabilityInterval };
                continue;
            }

            if (_writers is { } writers && writers.IsBeingWritten(observation.Path)
                && now - observation.Since < _options.EffectiveStabilityInterval * WriterGiveUpIntervals)
            {
                // A writer still holds it open (it merely paused): its close is what to wait for.
                _pending[slot] = observation with { CheckAt = now + _options.EffectiveStabilityInterval };
                continue;
            }

            var etag = await TryHashExclusiveAsync(observation.Path, cancellationToken).ConfigureAwait(false);
            info.Refresh();
            if (etag is null || !info.Exists || info.Length != observation.Size || info.LastWriteTimeUtc.Ticks != observation.ModifiedTicks)
            {
                // Still open for writing, or changed while hashing: look again later.
                _pending[slot] = observation with { CheckAt = now + _options.EffectiveStabilityInterval };
                continue;
            }

            _pending.Remove(slot);
            changes.Add(InventoryChange.Upsert(new InventoryEntry(observation.Bucket, observation.Key, observation.Size, observation.ModifiedTicks, etag)));
        }

        await PublishAsync(changes, cancellationToken).ConfigureAwait(false);
    }

    private async Task PublishAsync(List<InventoryChange> changes, CancellationToken cancellationToken)
    {
        foreach (var batch in changes.Chunk(_options.PublishBatchSize))
        {
            var bodies = await _inventory.PublishAsync(_options.QueueName, batch, cancellationToken).ConfigureAwait(false);
            foreach (var change in batch)
            {
                if (change.Created is { } entry)
                {
                    _known[change.Bucket][change.Key] = entry;
                }
                else
                {
                    _known[change.Bucket].Remove(change.Key);
                }
            }

            foreach (var body in bodies)
            {
                Published?.Invoke(this, body);
            }
        }
    }

    private static async Task<string?> TryHashExclusiveAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            // FileShare.None fails while a writer holds the file (on Windows always; on Unix when the writer locks it).
            var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.None, 81920, useAsync: true);
            await using (stream.ConfigureAwait(false))
            {
                return await ETags.Md5HexAsync(stream, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bucket watcher error ({Reason}); rescanning")]
    private partial void LogWatcherError(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Bucket scan failed ({Reason}); retrying at the next rescan")]
    private partial void LogScanFailed(string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing bucket events failed ({Reason}); rescanning")]
    private partial void LogProcessFailed(string reason);
}
