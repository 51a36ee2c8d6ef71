using System.Threading.Channels;
using Conveyor.Local.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Local.Buckets;

/// <summary>
/// Turns files appearing in and vanishing from bucket folders into S3 event notifications on a durable queue.
/// </summary>
/// <remarks>
/// Sources of truth, in order: a full scan at start (reconciling with the persisted inventory, so files added or removed
/// while stopped are reported), <see cref="FileSystemWatcher"/> notifications for promptness, and a periodic rescan because
/// the watcher drops notifications on bursts. Notifications only name paths to look at ("hints") and travel through a bounded
/// channel; when it is full a rescan is requested instead, so memory stays bounded and nothing is lost.
/// A file is reported once complete: it opens with <see cref="FileShare.None"/>, and either its writer closed it (or it
/// was moved in) and it has not changed since, or its size and modification time stayed unchanged across two checks a
/// <see cref="BucketWatcherOptions.StabilityInterval"/> apart. On Linux a <see cref="WriterWatch"/> tells both apart
/// and names the files a writer still holds open: those wait for their close (however long the writer pauses), unless
/// unchanged for <see cref="WriterGiveUpIntervals"/> stability intervals (a close event lost to a full queue).
/// Elsewhere only the time-based check applies.
/// The event and the inventory update commit together (<see cref="BucketInventory.PublishAsync"/>).
/// </remarks>
public sealed partial class BucketWatcher : IAsyncDisposable
{
    private readonly BucketWatcherOptions _options;
    private readonly BucketPaths _paths;
    private readonly BucketInventory _inventory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Channel<PathHint> _hints;
    private readonly Dictionary<string, Dictionary<string, InventoryEntry>> _known = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Bucket, string Key), FileObservation> _pending = [];
    private readonly List<FileSystemWatcher> _watchers = [];
    private readonly CancellationTokenSource _stop = new();
    private WriterWatch? _writers;
    private int _rescanRequested;
    private Task _loops = Task.CompletedTask;

    public BucketWatcher(LocalDatabase database, BucketWatcherOptions options, TimeProvider time, ILogger<BucketWatcher>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(database);
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _paths = new BucketPaths(options.Root);
        _inventory = new BucketInventory(database, time);
        foreach (var bucket in options.Buckets)
        {
            BucketPaths.ValidateBucket(bucket);
        }

        _hints = Channel.CreateBounded<PathHint>(new BoundedChannelOptions(options.HintCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
    }

    /// <summary>Raised after an event notification has been committed to the queue (body = the S3 event JSON).</summary>
    public event EventHandler<string>? Published;

    /// <summary>Creates the bucket folders, starts watching and begins the start-up reconciliation.</summary>
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var bucket in _options.Buckets)
        {
            var folder = _paths.BucketFolder(bucket);
            Directory.CreateDirectory(folder);
            _known[bucket] = new Dictionary<string, InventoryEntry>(await _inventory.LoadAsync(bucket, cancellationToken).ConfigureAwait(false), StringComparer.Ordinal);
            var watcher = new FileSystemWatcher(folder)
            {
                IncludeSubdirectories = true,
                InternalBufferSize = 64 * 1024,
                NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.Size | NotifyFilters.LastWrite,
            };
            watcher.Created += (_, e) => Hint(bucket, e.FullPath);
            watcher.Changed += (_, e) => Hint(bucket, e.FullPath);
            watcher.Deleted += (_, e) => Hint(bucket, e.FullPath);
            watcher.Renamed += (_, e) =>
            {
                Hint(bucket, e.OldFullPath);
                Hint(bucket, e.FullPath);
            };
            watcher.Error += (_, e) =>
            {
                LogWatcherError(e.GetException().Message);
                RequestRescan();
            };
            watcher.EnableRaisingEvents = true;
            _watchers.Add(watcher);
        }

        _writers = WriterWatch.TryStart(_options.Buckets.Select(_paths.BucketFolder), Closed);

        _loops = Task.WhenAll(
            Task.Run(() => ScanLoopAsync(_stop.Token), CancellationToken.None),
            Task.Run(() => ProcessLoopAsync(_stop.Token), CancellationToken.None));
    }

    /// <summary>Asks for a full rescan soon (also done on every watcher overflow).</summary>
    public void RequestRescan() => Interlocked.Exchange(ref _rescanRequested, 1);

    public async ValueTask DisposeAsync()
    {
        foreach (var watcher in _watchers)
        {
            watcher.Dispose();
        }

        _writers?.Dispose();

        await _stop.CancelAsync().ConfigureAwait(false);
        try
        {
            await _loops.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        _stop.Dispose();
    }

    private void Hint(string bucket, string path, bool closed = false)
    {
        // Called on the watcher's thread: never block it. A dropped hint is recovered by the rescan.
        if (!_hints.Writer.TryWrite(new PathHint(bucket, path, closed)))
        {
            RequestRescan();
        }
    }

    /// <summary>A file closed after writing or moved in (from <see cref="WriterWatch"/>): worth checking at once.</summary>
    private void Closed(string path)
    {
        foreach (var bucket in _options.Buckets)
        {
            var folder = _paths.BucketFolder(bucket);
            if (path.Length > folder.Length && path.StartsWith(folder, StringComparison.Ordinal) && path[folder.Length] == Path.DirectorySeparatorChar)
            {
                Hint(bucket, path, closed: true);
                return;
            }
        }
    }

    private async Task ScanLoopAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            Interlocked.Exchange(ref _rescanRequested, 0);
            try
            {
                await ScanAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                LogScanFailed(ex.Message);
            }

            var next = _time.GetUtcNow() + _options.EffectiveRescanInterval;
            while (_time.GetUtcNow() < next && Volatile.Read(ref _rescanRequested) == 0)
            {
                await Task.Delay(_options.EffectiveStabilityInterval, _time, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Hints every file in the bucket folders and every inventoried key (so vanished files are noticed).</summary>
    private async Task ScanAsync(CancellationToken cancellationToken)
    {
        var enumeration = new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 };
        foreach (var bucket in _options.Buckets)
        {
            var folder = _paths.BucketFolder(bucket);
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var file in Directory.EnumerateFiles(folder, "*", enumeration))
            {
                seen.Add(file);
                // Back-pressure: a burst of thousands of files waits here instead of growing memory.
                await _hints.Writer.WriteAsync(new PathHint(bucket, file, Closed: false), cancellationToken).ConfigureAwait(false);
            }

            foreach (var key in (await _inventory.LoadAsync(bucket, cancellationToken).ConfigureAwait(false)).Keys)
            {
                var path = _paths.FileFor(bucket, key);
                if (!seen.Contains(path))
                {
                    await _hints.Writer.WriteAsync(new PathHint(bucket, path, Closed: false), cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    /// <summary>A path to look at; <paramref name="Closed"/> when its writer just closed it or it was moved in.</summary>
    private readonly record struct PathHint(string Bucket, string Path, bool Closed);
}
