using System.Text;
using Conveyor.Core.Tasks;
using Conveyor.Local.Buckets;
using Conveyor.Local.Queue;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The engine's bucket-event path (queue → sequencer check → FileTrigger): duplicates and stale events start nothing twice.</summary>
public class BucketEventTests
{
    private const string Csv = "name,email\nann,ann@example.com\nbob,bob@example.com\n";

    [Fact]
    public async Task BucketEvents_WhenSameRecordDeliveredTwice_ShouldCreateOneTask()
    {
        await using var fixture = await EngineFixture.StartAsync();
        await PutCsvAsync(fixture, "people.csv");
        var evt = Created("people.csv", sequencer: 5);
        var queue = fixture.Get<EngineQueues>().BucketEvents;

        await queue.SendAsync(new QueueSendRequest(evt), CancellationToken.None);
        await queue.SendAsync(new QueueSendRequest(evt), CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromSeconds(20)));
        var tasks = await fixture.ListAsync(TaskKind.StepFunction);
        Assert.Single(tasks);
        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.ListAsync(TaskKind.StepFunction))[0].Status == TrackedTaskStatus.Completed, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task BucketEvents_WhenOlderEventArrivesAfterNewer_ShouldDropTheStaleOne()
    {
        await using var fixture = await EngineFixture.StartAsync();
        await PutCsvAsync(fixture, "late.csv");
        var queue = fixture.Get<EngineQueues>().BucketEvents;

        // The newer upload is delivered and handled first; the older one (and a duplicate of the newer) arrive afterwards.
        await queue.SendAsync(new QueueSendRequest(Created("late.csv", sequencer: 9)), CancellationToken.None);
        Assert.True(await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromSeconds(20)));
        await queue.SendBatchAsync([new QueueSendRequest(Created("late.csv", sequencer: 3)), new QueueSendRequest(Created("late.csv", sequencer: 9))], CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromSeconds(20)));
        Assert.Single(await fixture.ListAsync(TaskKind.StepFunction));
    }

    [Fact]
    public async Task BucketEvents_WhenSwappedPairAndDuplicateArriveTogether_ShouldCreateOneTask()
    {
        await using var fixture = await EngineFixture.StartAsync();
        await PutCsvAsync(fixture, "pair.csv");
        var queue = fixture.Get<EngineQueues>().BucketEvents;

        // Newest first, then the older one, then a duplicate of the newest, all received in one batch.
        await queue.SendBatchAsync(
            [new QueueSendRequest(Created("pair.csv", sequencer: 12)), new QueueSendRequest(Created("pair.csv", sequencer: 11)), new QueueSendRequest(Created("pair.csv", sequencer: 12))],
            CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromSeconds(20)));
        Assert.Single(await fixture.ListAsync(TaskKind.StepFunction));
    }

    [Theory]
    [InlineData("0A", "9", 1)]
    [InlineData("00000000000000FF", "FF", 0)]
    [InlineData("1", "0000000000000002", -1)]
    public void Compare_WhenWidthsDiffer_ShouldCompareAsPaddedHex(string a, string b, int expected) =>
        Assert.Equal(expected, Math.Sign(Buckets.Sequencers.Compare(a, b)));

    private static async Task PutCsvAsync(EngineFixture fixture, string key)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(Csv));
        await fixture.Objects.PutAsync("csv-import", key, content, "text/csv", CancellationToken.None);
    }

    private static string Created(string key, long sequencer) =>
        S3EventJson.Build(S3EventJson.ObjectCreatedPut, "csv-import", key, Encoding.UTF8.GetByteCount(Csv), "etag-1", S3EventJson.Sequencer(sequencer), DateTimeOffset.UtcNow);
}
