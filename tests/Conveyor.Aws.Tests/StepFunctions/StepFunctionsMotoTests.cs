using System.Text;
using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Aws.StepFunctions;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Testing.Moto;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Aws.Tests.StepFunctions;

/// <summary>The Step Functions client and starter against moto's real JSON 1.0 endpoint.</summary>
[Collection("moto")]
public sealed class StepFunctionsMotoTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Definition = """{"StartAt":"Done","States":{"Done":{"Type":"Pass","End":true}}}""";
    private static readonly TaskKey Key = new("SFN_TASK#acme", "import#01JDQX2M7R9W3K5N8P4T6V0Y2Z");

    private StepFunctionsClient _client = null!;
    private string _stateMachineArn = null!;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _client = new StepFunctionsClient(TestSenders.Real(moto.Server.Endpoint, "states"));
        var body = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["name"] = "conveyor-test",
            ["definition"] = Definition,
            ["roleArn"] = "arn:aws:iam::123456789012:role/x",
        }));
        using var created = await _client.Protocol.InvokeAsync("CreateStateMachine", body, CancellationToken.None);
        _stateMachineArn = created.RootElement.GetProperty("stateMachineArn").GetString()!;
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task StartAsync_WhenSameNameStartedTwice_ShouldSucceedBothTimesWithOneExecution()
    {
        var starter = Starter();
        var name = ExecutionNames.For(Key);
        var start = new WorkflowStart(Key, name, Json("{\"manifest\":\"s3://bucket/items.json\"}"));

        var first = await starter.StartAsync(start, CancellationToken.None);
        var sameInput = await starter.StartAsync(start, CancellationToken.None);
        var otherInput = await starter.StartAsync(start with { Input = Json("{\"manifest\":\"other\"}") }, CancellationToken.None);

        Assert.False(first.AlreadyStarted);
        Assert.Equal(first.ExecutionId, sameInput.ExecutionId);
        Assert.True(otherInput.AlreadyStarted);
        Assert.Equal(first.ExecutionId, otherInput.ExecutionId);
        Assert.Equal(StepFunctionsWorkflowStarter.ExecutionArn(_stateMachineArn, name), first.ExecutionId);
    }

    [Fact]
    public async Task DescribeAndStop_WhenExecutionRunning_ShouldReportItThenAbortIt()
    {
        var started = await _client.StartExecutionAsync(_stateMachineArn, "run-1", "{\"a\":1}", CancellationToken.None);

        var described = await _client.DescribeExecutionAsync(started.ExecutionArn, CancellationToken.None);
        var stopDate = await _client.StopExecutionAsync(started.ExecutionArn, "Cancelled", "test", CancellationToken.None);
        var stopped = await _client.DescribeExecutionAsync(started.ExecutionArn, CancellationToken.None);

        Assert.Equal("run-1", described.Name);
        Assert.Equal(_stateMachineArn, described.StateMachineArn);
        Assert.Equal("{\"a\":1}", described.Input);
        Assert.NotNull(described.StartDate);
        Assert.NotNull(stopDate);
        Assert.Equal("ABORTED", stopped.Status);
    }

    [Fact]
    public async Task DescribeExecutionAsync_WhenExecutionUnknown_ShouldThrowResourceNotFound()
    {
        var missing = StepFunctionsWorkflowStarter.ExecutionArn(_stateMachineArn, "never-started");

        await Assert.ThrowsAsync<AwsResourceNotFoundException>(() => _client.DescribeExecutionAsync(missing, CancellationToken.None));
    }

    private StepFunctionsWorkflowStarter Starter() =>
        new(_client, new StepFunctionsOptions { StateMachineArn = _stateMachineArn }, NullLogger<StepFunctionsWorkflowStarter>.Instance);

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
