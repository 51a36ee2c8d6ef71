using System.Text.Json;
using Conveyor.Core.Files;
using Conveyor.Local.Buckets;
using Conveyor.Local.Queue;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Buckets;

public sealed class BucketWatcherTests : IAsyncLifetime
{
    private const string Bucket = "uploads";
    private readonly TempEngineFolder _folder = new();
    private string _root = null!;

    public Task InitializeAsync()
    {
        _root = Path.Combine(_folder.Path, "buckets");
        return _folder.InitializeAsync();
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    private string BucketFolder => Path.Combine(_root, Bucket);

    private async Task<BucketWatcher> StartAsync(int hintCapacity = 4096)
    {
        var watcher = new BucketWatcher(
            _folder.Database,
            new BucketWatcherOptions(_root, [Bucket], StabilityInterval: TimeSpan.FromMilliseconds(150), RescanInterval: TimeSpan.FromSeconds(2), HintCapacity: hintCapacity),
            TimeProvider.System);
        await watcher.StartAsync(CancellationToken.None);
        return watcher;
    }

    /// <summary>Drains the bucket-events queue until <paramref name="count"/> records arrived or the time is up.</summary>
    private async Task<List<JsonElement>> EventsAsync(int count, TimeSpan within)
    {
        var queue = new SqliteQueue(_folder.Database, new QueueOptions(BucketWatcherOptions.DefaultQueueName), TimeProvider.System);
        var records = new List<JsonElement>();
        var deadline = DateTime.UtcNow + within;
        while (records.Count < count && DateTime.UtcNow < deadline)
        {
            var batch = await queue.ReceiveAsync(100, null, CancellationToken.None);
            foreach (var message in batch)
            {
                using var document = JsonDocument.Parse(message.Body);
                records.Add(document.RootElement.GetProperty("Records")[0].Clone());
                await queue.DeleteAsync(message.ReceiptHandle, CancellationToken.None);
            }

            if (batch.Count == 0)
            {
                await Task.Delay(50);
            }
        }

        return records;
    }

    private static string Key(JsonElement record) => S3KeyDecoder.Decode(record.GetProperty("s3").GetProperty("object").GetProperty("key").GetString()!);

    [Fact]
    public async Task Watcher_WhenFileIsWrittenSlowlyInChunks_ShouldPublishOneCreatedEventAfterItIsComplete()
    {
        await using var watcher = await StartAsync();
        var path = Path.Combine(BucketFolder, "slow.csv");

        await using (var writer = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read))
        {
            for (var i = 0; i < 8; i++)
            {
                await writer.WriteAsync(new byte[1000]);
                await writer.FlushAsync();
                await Task.Delay(100);
            }
        }

        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(800));

        var record = Assert.Single(events);
        Assert.Empty(extra);
        Assert.Equal("ObjectCreated:Put", record.GetProperty("eventName").GetString());
        Assert.Equal(8000, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task Watcher_WhenAWriterWithoutAnyLockPausesLongerThanTheStabilityInterval_ShouldPublishOnlyTheCompleteFile()
    {
        // A shell redirect holds the file open with no lock at all (a .NET writer takes flock, which the exclusive open
        // detects), and pauses 400 ms between chunks: longer than the 150 ms stability interval, so size and time alone
        // would call the first chunk complete. On Linux the writer watch knows the file is still open for writing.
        Assert.True(OperatingSystem.IsLinux(), "The bucket writer watch (inotify) is Linux-only; this test runs where it exists.");
        await using var watcher = await StartAsync();
        var path = Path.Combine(BucketFolder, "paused.csv");
        var shell = new System.Diagnostics.ProcessStartInfo("/bin/sh") { UseShellExecute = false };
        shell.ArgumentList.Add("-c");
        shell.ArgumentList.Add("""exec > "$1"; for i in 1 2 3 4; do printf '%01000d' 0; sleep 0.4; done""");
        shell.ArgumentList.Add("sh");
        shell.ArgumentList.Add(path);
        using (var writer = System.Diagnostics.Process.Start(shell)!)
        {
            await writer.WaitForExitAsync();
            Assert.Equal(0, writer.ExitCode);
        }

        var closedAt = DateTime.UtcNow;
        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));
        var publishedAfter = DateTime.UtcNow - closedAt;
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(800));

        var record = Assert.Single(events);
        Assert.Empty(extra);
        Assert.Equal(4000, record.GetProperty("s3").GetProperty("object").GetProperty("size").GetInt64());
        Assert.True(publishedAfter < TimeSpan.FromSeconds(5), $"Published {publishedAfter} after the writer closed the file.");
    }

    [Fact]
    public async Task Watcher_WhenAFileIsMovedIn_ShouldPublishItWithoutWaitingForTheStabilityInterval()
    {
        var slow = new BucketWatcher(
            _folder.Database,
            new BucketWatcherOptions(_root, [Bucket], StabilityInterval: TimeSpan.FromSeconds(20), RescanInterval: TimeSpan.FromMinutes(5)),
            TimeProvider.System);
        await slow.StartAsync(CancellationToken.None);
        await using var watcher = slow;
        var staged = Path.Combine(_folder.Path, "staged.csv");
        await File.WriteAllTextAsync(staged, "a,b\n");

        File.Move(staged, Path.Combine(BucketFolder, "moved.csv"));
        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));

        // With a 20 s stability interval only the move event (Linux) can have published it within 10 s.
        Assert.Equal(["moved.csv"], events.Select(Key));
    }

    [Fact]
    public async Task Watcher_WhenKeyHasSpacesAndUnicode_ShouldEncodeKeyAsS3DoesWithETagAndSequencer()
    {
        await using var watcher = await StartAsync();
        Directory.CreateDirectory(Path.Combine(BucketFolder, "my folder"));
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "my folder", "résumé 1.txt"), "hello");

        var record = Assert.Single(await EventsAsync(1, TimeSpan.FromSeconds(10)));
        var s3Object = record.GetProperty("s3").GetProperty("object");

        Assert.Equal("my+folder/r%C3%A9sum%C3%A9+1.txt", s3Object.GetProperty("key").GetString());
        Assert.Equal("my folder/résumé 1.txt", Key(record));
        Assert.Equal("5d41402abc4b2a76b9719d911017c592", s3Object.GetProperty("eTag").GetString());
        Assert.Equal(16, s3Object.GetProperty("sequencer").GetString()!.Length);
        Assert.Equal(Bucket, record.GetProperty("s3").GetProperty("bucket").GetProperty("name").GetString());
    }

    [Fact]
    public async Task Watcher_WhenTempDotAndTildeFilesAppear_ShouldIgnoreThem()
    {
        await using var watcher = await StartAsync();
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, ".hidden"), "x");
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "partial.tmp"), "x");
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "backup.csv~"), "x");
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "real.csv"), "x");

        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(800));

        Assert.Equal(["real.csv"], events.Select(Key));
        Assert.Empty(extra);
    }

    [Fact]
    public async Task Watcher_WhenSymbolicLinksPointOutOfTheBucket_ShouldNeverReportThem()
    {
        var outside = Path.Combine(_folder.Path, "secret.txt");
        await File.WriteAllTextAsync(outside, "root:x:0:0");
        var outsideFolder = Path.Combine(_folder.Path, "elsewhere");
        Directory.CreateDirectory(outsideFolder);
        await File.WriteAllTextAsync(Path.Combine(outsideFolder, "inner.csv"), "email\na@b.c");
        await using var watcher = await StartAsync();
        File.CreateSymbolicLink(Path.Combine(BucketFolder, "passwd.csv"), outside);
        Directory.CreateSymbolicLink(Path.Combine(BucketFolder, "linked"), outsideFolder);
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "real.csv"), "x");

        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(2500)); // past a rescan

        Assert.Equal(["real.csv"], events.Select(Key));
        Assert.Empty(extra);
    }

    [Fact]
    public async Task Watcher_When2000FilesArriveInABurst_ShouldPublishOneEventPerFile()
    {
        // A small hint buffer forces the overflow path: dropped notifications must be recovered by the rescan.
        await using var watcher = await StartAsync(hintCapacity: 128);
        var names = Enumerable.Range(0, 2000).Select(i => $"burst/{i:D4}.txt").ToArray();
        Directory.CreateDirectory(Path.Combine(BucketFolder, "burst"));
        foreach (var name in names)
        {
            await File.WriteAllTextAsync(Path.Combine(BucketFolder, name), name);
        }

        var events = await EventsAsync(2000, TimeSpan.FromSeconds(40));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(500));

        Assert.Equal(names.Order(StringComparer.Ordinal), events.Select(Key).Order(StringComparer.Ordinal));
        Assert.Empty(extra);
    }

    [Fact]
    public async Task StartAsync_WhenFilesChangedWhileStopped_ShouldReconcileWithCreatedAndRemovedEvents()
    {
        await using (var first = await StartAsync())
        {
            await File.WriteAllTextAsync(Path.Combine(BucketFolder, "stays.txt"), "1");
            await File.WriteAllTextAsync(Path.Combine(BucketFolder, "goes.txt"), "2");
            Assert.Equal(2, (await EventsAsync(2, TimeSpan.FromSeconds(10))).Count);
        }

        File.Delete(Path.Combine(BucketFolder, "goes.txt"));
        await File.WriteAllTextAsync(Path.Combine(BucketFolder, "arrived.txt"), "3");
        await using var second = await StartAsync();

        var events = await EventsAsync(2, TimeSpan.FromSeconds(10));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(800));

        Assert.Equal(
            [("ObjectCreated:Put", "arrived.txt"), ("ObjectRemoved:Delete", "goes.txt")],
            events.Select(e => (e.GetProperty("eventName").GetString()!, Key(e))).Order());
        Assert.Empty(extra);
    }

    [Fact]
    public async Task Watcher_WhenObjectStoreWritesViaTempAndRename_ShouldPublishOnlyTheFinalKey()
    {
        await using var watcher = await StartAsync();
        var store = new FolderObjectStore(new BucketPaths(_root));

        await store.PutAsync(Bucket, "in/data.json", new MemoryStream("{}"u8.ToArray()), "application/json", CancellationToken.None);
        var events = await EventsAsync(1, TimeSpan.FromSeconds(10));
        var extra = await EventsAsync(1, TimeSpan.FromMilliseconds(600));

        Assert.Equal(["in/data.json"], events.Select(Key));
        Assert.Empty(extra);
    }
}
