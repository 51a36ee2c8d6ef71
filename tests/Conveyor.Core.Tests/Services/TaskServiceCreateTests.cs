using System.Text.Json;
using Conveyor.Core.Ids;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using static Conveyor.Core.Tests.Services.ServiceHarness;

namespace Conveyor.Core.Tests.Services;

public sealed class TaskServiceCreateTests
{
    [Fact]
    public async Task CreateTaskAsync_WhenValid_ShouldStoreCreatedVersionOneWithDefaults()
    {
        var harness = new ServiceHarness();

        var creation = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "import", Json("""{"file":"a.csv"}"""), CreatedBy: "bob", RequestId: "r1"), Ct);

        var task = creation.Task;
        Assert.True(creation.Created);
        Assert.Equal(TrackedTaskStatus.Created, task.Status);
        Assert.Equal(1, task.Version);
        Assert.Equal("import", task.Name);
        Assert.Equal("TASK#acme", task.Key.Pk);
        Assert.Matches("^import#[0-9A-HJKMNP-TV-Z]{26}$", task.Key.Sk);
        Assert.Equal(TaskKind.Task, task.Kind);
        Assert.Equal(Start, task.CreatedAt);
        Assert.Equal(TimeSpan.Zero, task.CreatedAt.Offset);
        Assert.Equal(task.CreatedAt, task.UpdatedAt);
        Assert.Equal(("bob", "r1"), (task.CreatedBy, task.RequestId));
        Assert.Equal(Ulid.FromSeed(Start, "x").ToString()[..10], task.Key.Sk["import#".Length..][..10]);
        Assert.Equal("a.csv", (await harness.Service.GetAsync(task.Key, Ct))!.Input.GetProperty("file").GetString());
    }

    [Fact]
    public async Task CreateTaskAsync_WhenStepFunctionRequested_ShouldStoreAStepFunctionParentAndCheckItsInput()
    {
        var harness = new ServiceHarness();

        var creation = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "import", Json("""[{"a":1}]"""), StepFunction: true), Ct);

        Assert.Equal(TaskKind.StepFunction, creation.Task.Kind);
        Assert.Equal("SFN_TASK#acme", creation.Task.Key.Pk);
        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "import", Json("{}"), StepFunction: true), Ct));
    }

    [Fact]
    public async Task CreateTaskAsync_WhenNameGiven_ShouldKeepIt()
    {
        var harness = new ServiceHarness();

        var creation = await harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "import", Json("{}"), Name: "Monthly import"), Ct);

        Assert.Equal("Monthly import", creation.Task.Name);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenIdempotencyKeyRepeats_ShouldReturnFirstTask()
    {
        var harness = new ServiceHarness();
        var request = new CreateTaskRequest("acme", "import", Json("{}"), IdempotencyKey: "s3-etag-1");

        var first = await harness.Service.CreateTaskAsync(request, Ct);
        harness.Time.Advance(TimeSpan.FromSeconds(3));
        var second = await harness.Service.CreateTaskAsync(request, Ct);

        Assert.False(second.Created);
        Assert.Equal(first.Task.Key, second.Task.Key);
        Assert.Single((await harness.Service.ListAsync(new TaskListRequest("acme"), Ct)).Items);
    }

    public static TheoryData<string, string> BadSegments => new()
    {
        { "", "import" },
        { "   ", "import" },
        { "ac#me", "import" },
        { new string('t', TaskKeys.MaxTenantLength + 1), "import" },
        { "acme", "" },
        { "acme", "im#port" },
        { "acme", new string('y', TaskKeys.MaxTypeLength + 1) },
        { "acme", "line\nbreak" },
    };

    [Theory]
    [MemberData(nameof(BadSegments))]
    public async Task CreateTaskAsync_WhenTenantOrTypeInvalid_ShouldThrowValidationNamingTheField(string tenant, string type)
    {
        var harness = new ServiceHarness();

        var error = await Assert.ThrowsAsync<ValidationException>(() => harness.Service.CreateTaskAsync(new CreateTaskRequest(tenant, type, Json("{}")), Ct));

        Assert.Contains(tenant == "acme" ? "type" : "tenant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CreateTaskAsync_WhenInputUndefined_ShouldThrowValidation()
    {
        var harness = new ServiceHarness();

        await Assert.ThrowsAsync<ValidationException>(() => harness.Service.CreateTaskAsync(new CreateTaskRequest("acme", "import", default), Ct));
    }

    [Theory]
    [InlineData("""{"a":1}""", "got an object")]
    [InlineData("[]", "got an empty array")]
    [InlineData("\"text\"", "got a string")]
    [InlineData("42", "got a number")]
    [InlineData("null", "got null")]
    public async Task CreateStepFunctionTaskAsync_WhenInputIsNotNonEmptyArray_ShouldThrowClearValidation(string input, string expected)
    {
        var harness = new ServiceHarness();

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            harness.Service.CreateStepFunctionTaskAsync(new CreateTaskRequest("acme", "resize", Json(input)), Ct));

        Assert.Contains("must be a non-empty JSON array", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, ((Testing.InMemoryTaskStore)harness.Store).Count);
    }

    [Fact]
    public async Task CreateStepFunctionTaskAsync_WhenArray_ShouldUseStepFunctionPartition()
    {
        var harness = new ServiceHarness();

        var creation = await harness.Service.CreateStepFunctionTaskAsync(new CreateTaskRequest("acme", "resize", Json("[1,2]")), Ct);

        Assert.Equal("SFN_TASK#acme", creation.Task.Key.Pk);
        Assert.Equal(TaskKind.StepFunction, creation.Task.Kind);
        Assert.Equal(JsonValueKind.Array, creation.Task.Input.ValueKind);
    }
}
