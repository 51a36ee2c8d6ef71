using System.Text.Json;
using Conveyor.Aws.DynamoDb;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Testing.DynamoDb;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.DynamoDb;

/// <summary>Rows written by the store come back from the table's stream and decode to the same tasks.</summary>
[Collection("moto")]
public sealed class DynamoDbStreamTests(MotoFixture moto) : IAsyncLifetime
{
    private readonly HttpClient _http = new();
    private DynamoDbTestContext? _context;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _context = await DynamoDbTestContext.CreateAsync(moto.Server, stream: true);
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _context!.DisposeAsync();
    }

    [Fact]
    public async Task Decode_WhenStreamRecordsReadBack_ShouldYieldStoredTasksAndSkipMarkers()
    {
        var store = _context!.Store;
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant(), input: """{"file":"a.csv","rows":[1,2.5,"x"]}""") with { CreatedBy = "bob", RequestId = "r-1" };
        await store.CreateAsync(task, "upload-1", CancellationToken.None);
        var queued = task.Queue(ContractTasks.BaseTime.AddSeconds(1));
        await store.UpdateAsync(queued, TaskWriteCondition.For(task), CancellationToken.None);
        var streamArn = (await _context.Dynamo.DescribeTableAsync(_context.Table)).Table.LatestStreamArn;

        var records = await new DynamoDbStreamsReader(moto.Server, _http).ReadAllRecordsAsync(streamArn);

        var images = records.Select(r => (Event: r.GetProperty("eventName").GetString(), Image: r.GetProperty("dynamodb").GetProperty("NewImage"))).ToList();
        var decoder = new DynamoDbStreamRecordDecoder();
        var marker = Assert.Single(images, i => !decoder.IsTask(i.Image));
        Assert.StartsWith(DynamoDbTaskStore.IdempotencyPrefix, marker.Image.GetProperty("pk").GetProperty("S").GetString(), StringComparison.Ordinal);
        var taskImages = images.Where(i => decoder.IsTask(i.Image)).ToList();
        Assert.Equal(["INSERT", "MODIFY"], taskImages.Select(i => i.Event));
        ContractTasks.AssertSame(task, decoder.Decode(taskImages[0].Image));
        ContractTasks.AssertSame(queued, decoder.Decode(taskImages[1].Image));
    }
}
