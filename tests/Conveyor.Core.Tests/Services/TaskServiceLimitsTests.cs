using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

/// <summary>The size policy and the idempotency contract, enforced by the service whatever the caller (API, CLI, file tasks).</summary>
public sealed class TaskServiceLimitsTests
{
    [Fact]
    public async Task CreateTaskAsync_WhenTheInputIsOverTheLimit_ShouldRefuseWithSizeAndLimitAndStoreNothing()
    {
        var harness = new ServiceHarness();
        var input = Json($$"""{"blob":"{{new string('x', PayloadLimits.MaxInputBytes)}}"}""");

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(() => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", input), Ct));

        Assert.Equal(PayloadLimits.MaxInputBytes, error.Limit);
        Assert.True(error.Size > error.Limit);
        Assert.Contains("bucket", error.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.Service.ListAsync(new TaskListRequest("acme"), Ct)).Items);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenTheInputIsExactlyTheLimit_ShouldAccept()
    {
        var harness = new ServiceHarness();
        var input = Json($"\"{new string('x', PayloadLimits.MaxInputBytes - 2)}\"");

        var creation = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", input), Ct);

        Assert.True(creation.Created);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenAStepFunctionListIsOverTheTaskLimitButEachItemIsSmall_ShouldAcceptOneSubtaskPerItem()
    {
        var harness = new ServiceHarness();
        var rows = string.Join(",", Enumerable.Range(0, 10_000).Select(i => $$"""{"name":"user{{i}}","email":"user{{i}}@example.com"}"""));
        var input = Json($"[{rows}]");
        Assert.True(PayloadLimits.SizeOf(input) > PayloadLimits.MaxInputBytes);

        var creation = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "csv-import", input, StepFunction: true), Ct);

        Assert.True(creation.Created);
        Assert.Equal(10_000, (await harness.Service.CreateSubTasksAsync(creation.Task.Key, Ct)).Count);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenOneStepFunctionItemIsOverTheTaskLimit_ShouldRefuseNamingTheItemAndStoreNothing()
    {
        var harness = new ServiceHarness();
        var input = Json($$"""[{"n":0},{"blob":"{{new string('x', PayloadLimits.MaxInputBytes)}}"}]""");

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "csv-import", input, StepFunction: true), Ct));

        Assert.Equal(PayloadLimits.MaxInputBytes, error.Limit);
        Assert.Contains("Item 1", error.Message, StringComparison.Ordinal);
        Assert.Empty((await harness.Service.ListAsync(new TaskListRequest("acme", Kind: TaskKind.StepFunction), Ct)).Items);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenAStepFunctionListIsOverItsLimit_ShouldRefuseWithTheListLimit()
    {
        var harness = new ServiceHarness();
        var item = $"\"{new string('x', 200 * 1024)}\"";
        var input = Json($"[{string.Join(",", Enumerable.Repeat(item, (PayloadLimits.MaxStepFunctionInputBytes / (200 * 1024)) + 1))}]");

        var error = await Assert.ThrowsAsync<PayloadTooLargeException>(
            () => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "csv-import", input, StepFunction: true), Ct));

        Assert.Equal(PayloadLimits.MaxStepFunctionInputBytes, error.Limit);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenAnIdempotencyKeyComesBackWithAnotherInput_ShouldRefuseAndKeepTheFirstTask()
    {
        var harness = new ServiceHarness();
        var first = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("""{"n":1}"""), IdempotencyKey: "k1"), Ct);

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(
            () => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("""{"n":2}"""), IdempotencyKey: "k1"), Ct));

        Assert.Equal(first.Task.Key, error.Existing);
        Assert.Contains("different input", error.Message, StringComparison.Ordinal);
        Assert.Single((await harness.Service.ListAsync(new TaskListRequest("acme"), Ct)).Items);
    }

    [Theory]
    [InlineData("other", null, "type")]
    [InlineData("echo", "renamed", "name")]
    public async Task CreateTaskAsync_WhenAnIdempotencyKeyComesBackWithAnotherTypeOrName_ShouldRefuse(string type, string? name, string named)
    {
        var harness = new ServiceHarness();
        await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("{}"), IdempotencyKey: "k1"), Ct);

        var error = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(
            () => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", type, Json("{}"), Name: name, IdempotencyKey: "k1"), Ct));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenAnIdempotencyKeyComesBackWithTheSameRequestReformatted_ShouldReturnTheFirstTask()
    {
        var harness = new ServiceHarness();
        var first = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("""{"a":1,"b":[1,2]}"""), IdempotencyKey: "k1"), Ct);

        var again = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("""{ "b": [1, 2], "a": 1 }"""), IdempotencyKey: "k1"), Ct);

        Assert.False(again.Created);
        Assert.Equal(first.Task.Key, again.Task.Key);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenTheNameHasAnEscapeSequence_ShouldRefuse()
    {
        var harness = new ServiceHarness();

        await Assert.ThrowsAsync<ValidationException>(
            () => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "echo", Json("{}"), Name: "\u001b]0;owned\u0007"), Ct));
    }

    [Fact]
    public async Task UpdateStatusAsync_WhenTheResultIsOverTheLimit_ShouldFailTheTaskSayingWhy()
    {
        var harness = new ServiceHarness();
        var task = await harness.CreateAsync();
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Queued, null, Ct);
        await harness.Service.UpdateStatusAsync(task.Key, TrackedTaskStatus.Processing, null, Ct);

        var ended = await harness.Service.UpdateStatusAsync(
            task.Key, TrackedTaskStatus.Completed, new TaskStatusDetails(Result: Json($"\"{new string('r', PayloadLimits.MaxResultBytes)}\"")), Ct);

        Assert.Equal(TrackedTaskStatus.Failed, ended.Status);
        Assert.Equal(TaskService.ResultTooLargeErrorType, ended.Error!.Type);
        Assert.Null(ended.Result);
    }
}
