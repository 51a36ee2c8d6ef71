using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Tasks;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.ChangeFeed;

public sealed class SqliteChangeFeedTests : IAsyncLifetime
{
    private readonly TempEngineFolder _folder = new();
    private SqliteTaskStore _store = null!;
    private SqliteChangeFeed _feed = null!;

    public async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _store = new SqliteTaskStore(_folder.Database, TimeProvider.System);
        _feed = new SqliteChangeFeed(_folder.Database);
    }

    public Task DisposeAsync() => _folder.DisposeAsync();

    [Fact]
    public async Task CreateAsync_WhenTaskInserted_ShouldAppendInsertRecordWithKeysAndNewImage()
    {
        var task = TestTasks.New();

        await _store.CreateAsync(task, null, CancellationToken.None);
        var batch = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);

        var record = Assert.Single(batch);
        Assert.Equal("INSERT", record.EventName);
        Assert.Equal(task.Key, record.Keys);
        Assert.Null(record.OldStatus);
        Assert.Equal("CREATED", record.NewStatus);
        Assert.Equal(task.Id, record.NewImage.GetProperty("id").GetString());
        Assert.Equal("a b.jpg", record.NewImage.GetProperty("input").GetProperty("file").GetString());
    }

    [Fact]
    public async Task CreateAsync_WhenInsertFails_ShouldLeaveNoChangeRecord()
    {
        var task = TestTasks.New();
        await _store.CreateAsync(task, null, CancellationToken.None);

        await Assert.ThrowsAsync<TaskConflictException>(() => _store.CreateAsync(task with { Name = "again" }, null, CancellationToken.None));
        var batch = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);

        Assert.Single(batch);
    }

    [Fact]
    public async Task CreateAsync_WhenIdempotencyKeyRepeats_ShouldAppendOneRecord()
    {
        await _store.CreateAsync(TestTasks.New(), "upload-1", CancellationToken.None);
        await _store.CreateAsync(TestTasks.New(), "upload-1", CancellationToken.None);

        Assert.Single(await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_WhenStatusChanges_ShouldAppendModifyWithOldAndNewStatus()
    {
        var task = TestTasks.New();
        await _store.CreateAsync(task, null, CancellationToken.None);

        var queued = await _store.UpdateAsync(task.Queue(TestTasks.Now), TaskWriteCondition.For(task), CancellationToken.None);
        await Assert.ThrowsAsync<TaskConflictException>(() => _store.UpdateAsync(task.Queue(TestTasks.Now), TaskWriteCondition.For(task), CancellationToken.None));
        var batch = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);

        Assert.Equal(2, batch.Count);
        Assert.Equal(("MODIFY", "CREATED", "QUEUED"), (batch[1].EventName, batch[1].OldStatus, batch[1].NewStatus));
        Assert.Equal(queued.Version, batch[1].NewImage.GetProperty("version").GetInt64());
        Assert.True(batch[1].Sequence > batch[0].Sequence);
        Assert.Equal(("CREATED", task.Version), (batch[1].OldImage!.Value.GetProperty("status").GetString(), batch[1].OldImage!.Value.GetProperty("version").GetInt64()));
        Assert.Null(batch[0].OldImage);
    }

    [Fact]
    public async Task UpdateAsync_WhenOnlyTheResultChanges_ShouldStillAppendModifyLikeAStream()
    {
        var task = TestTasks.New();
        await _store.CreateAsync(task, null, CancellationToken.None);
        var next = task with { Result = System.Text.Json.JsonDocument.Parse("""{"rows":3}""").RootElement.Clone(), Version = task.Version + 1 };

        await _store.UpdateAsync(next, TaskWriteCondition.For(task), CancellationToken.None);
        var batch = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);

        var modify = Assert.Single(batch, r => r.EventName == "MODIFY");
        Assert.Equal(("CREATED", "CREATED"), (modify.OldStatus, modify.NewStatus));
        Assert.False(modify.OldImage!.Value.TryGetProperty("result", out var oldResult) && oldResult.ValueKind != System.Text.Json.JsonValueKind.Null);
        Assert.Equal(3, modify.NewImage.GetProperty("result").GetProperty("rows").GetInt32());
    }

    [Fact]
    public async Task ReadBatchAsync_WhenNotAcknowledged_ShouldRedeliverSameRecords()
    {
        await _store.CreateAsync(TestTasks.New(), null, CancellationToken.None);
        await _store.CreateAsync(TestTasks.New(), null, CancellationToken.None);

        var first = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);
        // Simulates a crash after processing, before the acknowledgement: a new reader sees the same batch.
        var restarted = new SqliteChangeFeed(await _folder.OpenAsync());
        var again = await restarted.ReadBatchAsync("fan-out", 10, CancellationToken.None);

        Assert.Equal(first.Select(r => r.Sequence), again.Select(r => r.Sequence));
    }

    [Fact]
    public async Task AcknowledgeAsync_WhenAcked_ShouldResumeAfterCheckpointPerConsumerAndNeverMoveBack()
    {
        for (var i = 0; i < 5; i++)
        {
            await _store.CreateAsync(TestTasks.New(), null, CancellationToken.None);
        }

        var batch = await _feed.ReadBatchAsync("fan-out", 3, CancellationToken.None);
        await _feed.AcknowledgeAsync("fan-out", batch[^1].Sequence, CancellationToken.None);
        await _feed.AcknowledgeAsync("fan-out", batch[0].Sequence, CancellationToken.None);

        var rest = await _feed.ReadBatchAsync("fan-out", 10, CancellationToken.None);
        var otherConsumer = await _feed.ReadBatchAsync("dashboard", 10, CancellationToken.None);

        Assert.Equal(3, batch.Count);
        Assert.Equal(2, rest.Count);
        Assert.True(rest[0].Sequence > batch[^1].Sequence);
        Assert.Equal(5, otherConsumer.Count);
        Assert.Equal(batch[^1].Sequence, await _feed.GetCheckpointAsync("fan-out", CancellationToken.None));
    }

    [Fact]
    public async Task CreateSubTasksAsync_WhenRepeated_ShouldAppendOneInsertPerNewSubTask()
    {
        var parent = TestTasks.New(stepFunction: true);
        await _store.CreateAsync(parent, null, CancellationToken.None);
        var subTasks = Enumerable.Range(0, 12).Select(i => TestTasks.SubTask(parent, i)).ToArray();

        var first = await _store.CreateSubTasksAsync(subTasks, CancellationToken.None);
        var second = await _store.CreateSubTasksAsync(subTasks, CancellationToken.None);
        var batch = await _feed.ReadBatchAsync("fan-out", 100, CancellationToken.None);

        Assert.Equal((12, 0), (first, second));
        Assert.Equal(13, batch.Count);
    }
}
