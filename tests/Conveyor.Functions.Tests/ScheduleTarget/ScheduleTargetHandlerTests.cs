using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Tasks;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Functions.Tests.ScheduleTarget;

public sealed class ScheduleTargetHandlerTests
{
    [Fact]
    public async Task InvokeAsync_WhenCommandPayload_ShouldPublishTheCommands()
    {
        using var harness = new FunctionsHarness();

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<ScheduleTargetHandler>(), "schedule-publish-command.json");

        using var response = JsonDocument.Parse(bytes);
        Assert.Equal("command", response.RootElement.GetProperty("type").GetString());
        var message = Assert.Single(harness.Commands.Published("customer"));
        Assert.Equal("123", message.Id);
        Assert.Equal("SendWeeklyDigest", message.Command.GetProperty("type").GetString());
        Assert.Equal("6f1c2b1e-4b1a-4c55-9d7e-2f1f7e9a0c01", message.Meta.MsgId);
    }

    [Fact]
    public async Task InvokeAsync_WhenTaskPayload_ShouldCreateTheTask()
    {
        using var harness = new FunctionsHarness();

        var bytes = await FunctionsHarness.InvokeAsync(harness.Get<ScheduleTargetHandler>(), "schedule-create-task.json");

        using var response = JsonDocument.Parse(bytes);
        var key = TaskKey.ParseId(response.RootElement.GetProperty("taskId").GetString()!);
        var task = await harness.GetTaskAsync(key);
        Assert.Equal(AppTaskTypes.ProcessDocument, task.Type);
        Assert.Equal("acme", task.Tenant);
        Assert.Equal(TaskKind.Task, task.Kind);
        Assert.Equal("contracts/2026 report été.pdf", task.Input.GetProperty("key").GetString());
        Assert.Equal("scheduler", task.CreatedBy);
    }

    [Fact]
    public async Task HandleAsync_WhenTheSameFiringIsDeliveredTwice_ShouldCreateOneTask()
    {
        using var harness = new FunctionsHarness();
        using var payload = JsonDocument.Parse("""
            {"type":"task","tenant":"acme","taskType":"echo","input":{},"scheduleName":"arn:aws:scheduler:us-east-1:123456789012:schedule/conveyor-dev/nightly","scheduledTime":"2026-11-23T12:00:00Z"}
            """);
        var handler = harness.Get<ScheduleTargetHandler>();

        var first = await handler.HandleAsync(payload.RootElement, FunctionsHarness.Context("a"), CancellationToken.None);
        var second = await handler.HandleAsync(payload.RootElement, FunctionsHarness.Context("b"), CancellationToken.None);

        Assert.True(first.Created);
        Assert.False(second.Created);
        Assert.Equal(first.TaskId, second.TaskId);
        Assert.Single((await harness.Tasks.ListAsync(new("acme"), CancellationToken.None)).Items);
    }

    [Fact]
    public async Task HandleAsync_WhenStepFunctionTaskPayload_ShouldCreateAStepFunctionTask()
    {
        using var harness = new FunctionsHarness();
        using var payload = JsonDocument.Parse("""{"type":"task","tenant":"acme","taskType":"csv-import","input":[{"email":"a@x"}],"stepFunction":true}""");

        var response = await harness.Get<ScheduleTargetHandler>().HandleAsync(payload.RootElement, FunctionsHarness.Context(), CancellationToken.None);

        Assert.Equal(TaskKind.StepFunction, TaskKeys.KindOf(TaskKey.ParseId(response.TaskId!)));
    }

    [Fact]
    public async Task HandleAsync_WhenAReconcilePayloadReachesAHostWithoutDurableWorkflows_ShouldFailSayingWhatToSet()
    {
        using var harness = new FunctionsHarness();
        using var payload = JsonDocument.Parse("""{"type":"reconcile-workflows"}""");

        var error = await Assert.ThrowsAsync<UnknownSchedulePayloadException>(() =>
            harness.Get<ScheduleTargetHandler>().HandleAsync(payload.RootElement, FunctionsHarness.Context(), CancellationToken.None));

        Assert.Equal("reconcile-workflows", error.PayloadType);
        Assert.Contains("CONVEYOR__DURABLEFUNCTIONS__", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenTypeIsUnknown_ShouldRejectItWithATypedError()
    {
        using var harness = new FunctionsHarness();

        var error = await Assert.ThrowsAsync<UnknownSchedulePayloadException>(() =>
            FunctionsHarness.InvokeAsync(harness.Get<ScheduleTargetHandler>(), "schedule-unknown-type.json"));

        Assert.Equal("launch-rocket", error.PayloadType);
        Assert.Contains("'launch-rocket'", error.Message, StringComparison.Ordinal);
        Assert.Empty(harness.Commands.All);
    }

    [Fact]
    public async Task HandleAsync_WhenAKnownTypeMissesAField_ShouldRaiseAValidationErrorNamingIt()
    {
        using var harness = new FunctionsHarness();
        var payload = RecordedEventsJson("""{"type":"task","tenant":"acme","input":{}}""");

        var error = await Assert.ThrowsAsync<Core.Validation.ValidationException>(() =>
            harness.Get<ScheduleTargetHandler>().HandleAsync(payload, FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains("taskType", error.Message, StringComparison.Ordinal);
    }

    private static JsonElement RecordedEventsJson(string json) =>
        JsonSerializer.Deserialize(json, FreeFormEventJsonContext.Default.JsonElement);
}
