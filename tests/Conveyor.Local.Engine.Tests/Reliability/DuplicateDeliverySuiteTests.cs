using System.Text;
using Conveyor.Core.Tasks;
using Conveyor.Local.Buckets;
using Conveyor.Local.Commands;
using Conveyor.Local.Queue;
using Conveyor.Local.Tasks;
using Xunit.Abstractions;

namespace Conveyor.Local.Engine.Tests.Reliability;

/// <summary>
/// R1 on the embedded engine: 1,000 CSV uploads and 1,000 profile pictures, each bucket event delivered twice, all 4,000
/// deliveries shuffled into the bucket-events queue → exactly 1,000 step-function tasks and 1,000 commands.
/// </summary>
public sealed class DuplicateDeliverySuiteTests(ITestOutputHelper output)
{
    private const int Files = 1000;
    private const string Csv = "name,email\nann,ann@example.com\n";

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R1_EveryFileEventDeliveredTwiceShuffled_ShouldStartExactlyOneTaskAndOneCommandPerFile()
    {
        await using var fixture = await EngineFixture.StartAsync();
        var deliveries = new List<string>(Files * 4);
        for (var i = 0; i < Files; i++)
        {
            deliveries.Add(await PutAsync(fixture, "csv-import", $"import-{i}.csv", Csv, sequencer: i + 1));
            deliveries.Add(await PutAsync(fixture, "profile-pictures", $"{i}.jpg", "jpeg", sequencer: Files + i + 1));
        }

        deliveries.AddRange(deliveries.ToArray());
        var shuffled = deliveries.OrderBy(_ => Random.Shared.Next()).ToArray();
        var queue = fixture.Get<EngineQueues>().BucketEvents;
        foreach (var batch in shuffled.Chunk(100))
        {
            await queue.SendBatchAsync(batch.Select(body => new QueueSendRequest(body)).ToArray(), CancellationToken.None);
        }

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await queue.GetCountsAsync(CancellationToken.None)).Total == 0, TimeSpan.FromMinutes(3)));
        var tasks = await fixture.Get<SqliteTaskListing>().ListAsync(new LocalTaskFilter(Kind: TaskKind.StepFunction, Limit: 5000), CancellationToken.None);
        var commands = await fixture.Get<SqliteCommandPublisher>().ReadAsync(null, 0, 5000, CancellationToken.None);
        var dead = await queue.DeadLetterQueue().GetCountsAsync(CancellationToken.None);
        output.WriteLine($"R1 duplicates (engine): {shuffled.Length} deliveries of {Files * 2} events → {tasks.Count} tasks (expected {Files}), {commands.Count} commands (expected {Files}), {dead.Total} dead letters");

        Assert.Equal(Files, tasks.Count);
        Assert.Equal(Files, tasks.Select(t => t.Name).Distinct().Count());
        Assert.Equal(Files, commands.Count);
        Assert.Equal(0, dead.Total);
    }

    private static async Task<string> PutAsync(EngineFixture fixture, string bucket, string key, string text, long sequencer)
    {
        using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        var stored = await fixture.Objects.PutAsync(bucket, key, content, null, CancellationToken.None);
        return S3EventJson.Build(S3EventJson.ObjectCreatedPut, bucket, key, stored.Size, stored.ETag, S3EventJson.Sequencer(sequencer), DateTimeOffset.UtcNow);
    }
}
