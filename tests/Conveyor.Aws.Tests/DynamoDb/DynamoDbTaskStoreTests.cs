using Amazon.DynamoDBv2.Model;
using Amazon.S3.Model;
using Conveyor.Aws.DynamoDb;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.DynamoDb;

/// <summary>What the contract suite does not see: item layout, large attributes in S3, chunked subtask writes, tokens.</summary>
[Collection("moto")]
public sealed class DynamoDbTaskStoreTests(MotoFixture moto) : IAsyncLifetime
{
    private DynamoDbTestContext? _context;

    private DynamoDbTestContext Context => _context!;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _context = await DynamoDbTestContext.CreateAsync(moto.Server);
    }

    public async Task DisposeAsync() => await _context!.DisposeAsync();

    [Fact]
    public async Task CreateAsync_WhenSubTaskStored_ShouldWriteDocumentedItemLayout()
    {
        var parent = ContractTasks.NewTask(ContractTasks.UniqueTenant(), stepFunction: true, input: "[1]");
        var sub = ContractTasks.SubTaskOf(parent, 0, """{"a":1}""");
        await Context.Store.CreateSubTasksAsync([sub], CancellationToken.None);

        var item = await RawItemAsync(sub.Key);

        Assert.Equal("SUB_TASK", item["kind"].S);
        Assert.Equal("CREATED", item["status"].S);
        Assert.Equal("1", item["version"].N);
        Assert.Equal("""{"a":1}""", item["input"].S);
        Assert.Equal(sub.Tenant, item["tenantCode"].S);
        Assert.Equal(sub.Id, item["id"].S);
        Assert.Equal(parent.Key.Pk, item["parentPk"].S);
        Assert.Equal(parent.Key.Sk, item["parentSk"].S);
        Assert.Equal("2026-11-23T12:00:00.1230000Z", item["createdAt"].S);
    }

    [Fact]
    public async Task CreateAsync_WhenInputExceedsItemLimit_ShouldKeepItInS3AndLoadItOnRead()
    {
        var input = $$"""{"blob":"{{new string('x', 500 * 1024)}}"}""";
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant(), input: input);

        await Context.Store.CreateAsync(task, null, CancellationToken.None);

        var item = await RawItemAsync(task.Key);
        var reference = item["input"].M["$ref"].S;
        Assert.StartsWith($"s3://{DynamoDbTestContext.Bucket}/task-attributes/TASK/", reference, StringComparison.Ordinal);
        Assert.Equal(1, await ObjectCountAsync());
        ContractTasks.AssertSame(task, await Context.Store.GetAsync(task.Key, CancellationToken.None));
        var page = await Context.Store.QueryAsync(new TaskQuery(task.Key.Pk), CancellationToken.None);
        Assert.Equal(500 * 1024, Assert.Single(page.Items).Input.GetProperty("blob").GetString()!.Length);
    }

    [Fact]
    public async Task UpdateAsync_WhenResultExceedsItemLimit_ShouldKeepItInS3AndLoadItOnRead()
    {
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant());
        await Context.Store.CreateAsync(task, null, CancellationToken.None);
        var processing = task.BeginProcessing(ContractTasks.BaseTime.AddSeconds(1));
        await Context.Store.UpdateAsync(processing, TaskWriteCondition.For(task), CancellationToken.None);
        var result = ContractTasks.Json($$"""{"rows":[{{string.Join(',', Enumerable.Range(0, 80_000).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}""");
        var completed = processing.Complete(result, ContractTasks.BaseTime.AddSeconds(2));

        await Context.Store.UpdateAsync(completed, TaskWriteCondition.For(processing), CancellationToken.None);

        var item = await RawItemAsync(task.Key);
        Assert.NotNull(item["result"].M["$ref"].S);
        Assert.Equal("""{"n":1}""", item["input"].S);
        ContractTasks.AssertSame(completed, await Context.Store.GetAsync(task.Key, CancellationToken.None));
    }

    [Fact]
    public async Task UpdateAsync_WhenLargeWriteLosesCondition_ShouldNotOverwriteAndShouldDiscardItsObject()
    {
        var task = ContractTasks.NewTask(ContractTasks.UniqueTenant());
        await Context.Store.CreateAsync(task, null, CancellationToken.None);
        var winner = task.Queue(ContractTasks.BaseTime.AddSeconds(1));
        await Context.Store.UpdateAsync(winner, TaskWriteCondition.For(task), CancellationToken.None);
        var loser = task.Fail(new TaskError("Late", "late writer"), ContractTasks.BaseTime.AddSeconds(2)) with
        {
            Result = ContractTasks.Json($$"""{"big":"{{new string('y', 400 * 1024)}}"}"""),
        };

        await Assert.ThrowsAsync<TaskConflictException>(() => Context.Store.UpdateAsync(loser, TaskWriteCondition.For(task), CancellationToken.None));

        ContractTasks.AssertSame(winner, await Context.Store.GetAsync(task.Key, CancellationToken.None));
        Assert.Equal(0, await ObjectCountAsync());
    }

    [Fact]
    public async Task CreateSubTasksAsync_When60SubTasksAnd10Exist_ShouldInsertTheMissing50AcrossChunks()
    {
        var parent = ContractTasks.NewTask(ContractTasks.UniqueTenant(), stepFunction: true, input: "[]");
        var subTasks = Enumerable.Range(0, 60).Select(i => ContractTasks.SubTaskOf(parent, i)).ToArray();
        var existing = subTasks.Where((_, i) => i % 6 == 0).ToArray();
        Assert.Equal(10, await Context.Store.CreateSubTasksAsync(existing, CancellationToken.None));
        var started = existing[3].BeginProcessing(ContractTasks.BaseTime.AddSeconds(1));
        await Context.Store.UpdateAsync(started, TaskWriteCondition.For(existing[3]), CancellationToken.None);

        var inserted = await Context.Store.CreateSubTasksAsync(subTasks, CancellationToken.None);

        Assert.Equal(50, inserted);
        var page = await Context.Store.QueryAsync(new TaskQuery(parent.Key.Pk, TaskKeys.SubTaskPrefix(parent.Key), Limit: 100), CancellationToken.None);
        Assert.Equal(60, page.Items.Count);
        ContractTasks.AssertSame(started, await Context.Store.GetAsync(started.Key, CancellationToken.None));
    }

    [Fact]
    public async Task QueryAsync_WhenTokenIsTamperedWith_ShouldThrowValidation()
    {
        var tenant = ContractTasks.UniqueTenant();
        await Context.Store.CreateAsync(ContractTasks.NewTask(tenant, 0), null, CancellationToken.None);
        await Context.Store.CreateAsync(ContractTasks.NewTask(tenant, 1), null, CancellationToken.None);
        var query = new TaskQuery(TaskKeys.PartitionKey(tenant, false), Limit: 1);
        var token = (await Context.Store.QueryAsync(query, CancellationToken.None)).ContinuationToken!;
        var tampered = token[..^3] + (token[^3] == 'A' ? 'B' : 'A') + token[^2..];

        await Assert.ThrowsAsync<ValidationException>(() => Context.Store.QueryAsync(query with { ContinuationToken = tampered }, CancellationToken.None));
        await Assert.ThrowsAsync<ValidationException>(() => Context.Store.QueryAsync(query with { Ascending = false, ContinuationToken = token }, CancellationToken.None));
        Assert.Single((await Context.Store.QueryAsync(query with { ContinuationToken = token }, CancellationToken.None)).Items);
    }

    private async Task<Dictionary<string, AttributeValue>> RawItemAsync(TaskKey key)
    {
        var response = await Context.Dynamo.GetItemAsync(Context.Table, new Dictionary<string, AttributeValue> { ["pk"] = new() { S = key.Pk }, ["sk"] = new() { S = key.Sk } });
        return response.Item;
    }

    private async Task<int> ObjectCountAsync() =>
        (await Context.S3.ListObjectsV2Async(new ListObjectsV2Request { BucketName = DynamoDbTestContext.Bucket })).S3Objects?.Count ?? 0;
}
