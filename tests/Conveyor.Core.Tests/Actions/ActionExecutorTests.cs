using System.Text.Json;
using Conveyor.Core.Actions;
using Conveyor.Core.Commands;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Schedules;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Conveyor.Core.Workflows;

namespace Conveyor.Core.Tests.Actions;

public sealed class ActionExecutorTests
{
    private static readonly JsonElement Empty = JsonDocument.Parse("{}").RootElement;
    private readonly InMemoryCommandPublisher _commands = new(["customer"]);
    private readonly InMemoryScheduleService _schedules = new();
    private readonly RecordingTaskStarter _tasks = new();

    [Fact]
    public async Task ExecuteAsync_WhenAllSucceed_ShouldRunEveryActionInOrder()
    {
        var executor = new ActionExecutor(_commands, _schedules, _tasks);
        var schedule = new Schedule("remind-1", ScheduleRate.Minutes(5), Empty);
        FileTaskAction[] actions =
        [
            new CreateSchedule(schedule),
            new PublishCommands("customer", [Command("c-1")]),
            new StartTask(new CreateTaskRequest("acme", "import", Empty, IdempotencyKey: "k1")),
            new DeleteSchedule("remind-1"),
        ];

        var outcomes = await executor.ExecuteAsync(actions, CancellationToken.None);

        Assert.Equal(actions, outcomes.Select(o => o.Action));
        Assert.All(outcomes, o => Assert.True(o.Succeeded, o.Error));
        Assert.Single(_commands.Published("customer"));
        Assert.Equal("k1", Assert.Single(_tasks.Requests).IdempotencyKey);
        Assert.Null(await _schedules.GetAsync("remind-1", CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_WhenAWorkflowIsStarted_ShouldPassItToTheStarterOrFailWithoutOne()
    {
        var started = new List<StartWorkflowRequest>();
        var action = new StartWorkflow(new StartWorkflowRequest("acme", "review", "s3-abc", Empty));

        var withStarter = await new ActionExecutor(_commands, _schedules, _tasks, new DelegateWorkflowStarter(started.Add)).ExecuteAsync([action], CancellationToken.None);
        var without = await new ActionExecutor(_commands, _schedules, _tasks).ExecuteAsync([action], CancellationToken.None);

        Assert.True(withStarter.Single().Succeeded, withStarter.Single().Error);
        Assert.Equal("s3-abc", Assert.Single(started).ExecutionName);
        Assert.False(without.Single().Succeeded);
        Assert.IsType<NotSupportedException>(without.Single().Exception);
    }

    [Fact]
    public async Task ExecuteAsync_WhenOrderMatters_ShouldApplyEffectsInTheGivenOrder()
    {
        var executor = new ActionExecutor(_commands, _schedules, _tasks);
        var schedule = new Schedule("remind-1", ScheduleRate.Minutes(5), Empty);

        await executor.ExecuteAsync([new DeleteSchedule("remind-1"), new CreateSchedule(schedule)], CancellationToken.None);

        Assert.NotNull(await _schedules.GetAsync("remind-1", CancellationToken.None));
    }

    [Fact]
    public async Task ExecuteAsync_WhenOneActionFails_ShouldReportItAndStillRunTheRest()
    {
        var executor = new ActionExecutor(_commands, _schedules, _tasks);
        FileTaskAction[] actions =
        [
            new PublishCommands("customer", [Command("c-1")]),
            new PublishCommands("unknown-aggregate", [Command("c-2")]),
            new StartTask(new CreateTaskRequest("acme", "import", Empty)),
        ];

        var outcomes = await executor.ExecuteAsync(actions, CancellationToken.None);

        Assert.Equal([true, false, true], outcomes.Select(o => o.Succeeded));
        Assert.StartsWith("ValidationException:", outcomes[1].Error, StringComparison.Ordinal);
        Assert.Contains("unknown-aggregate", outcomes[1].Error, StringComparison.Ordinal);
        Assert.Single(_tasks.Requests);
    }

    [Fact]
    public async Task ExecuteAsync_WhenTaskStarterThrows_ShouldReportTheExceptionType()
    {
        _tasks.FailWith = new TaskConflictException("boom");
        var executor = new ActionExecutor(_commands, _schedules, _tasks);

        var outcomes = await executor.ExecuteAsync([new StartTask(new CreateTaskRequest("acme", "import", Empty))], CancellationToken.None);

        var outcome = Assert.Single(outcomes);
        Assert.False(outcome.Succeeded);
        Assert.Equal("TaskConflictException: boom", outcome.Error);
    }

    [Fact]
    public async Task ExecuteAsync_WhenCancelled_ShouldThrowInsteadOfReportingFailures()
    {
        var executor = new ActionExecutor(_commands, _schedules, _tasks);
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(
            () => executor.ExecuteAsync([new DeleteSchedule("x")], cts.Token));
    }

    [Fact]
    public async Task ExecuteAsync_WhenDeletingAbsentSchedule_ShouldSucceed()
    {
        var executor = new ActionExecutor(_commands, _schedules, _tasks);

        var outcomes = await executor.ExecuteAsync([new DeleteSchedule("never-created")], CancellationToken.None);

        Assert.True(Assert.Single(outcomes).Succeeded);
    }

    private static CommandMessage Command(string id) =>
        new(id, new CommandMeta("svc", "user", DateTimeOffset.UnixEpoch, "m-" + id, "corr"), Empty);

    private sealed class RecordingTaskStarter : ITaskStarter
    {
        public List<CreateTaskRequest> Requests { get; } = [];

        public Exception? FailWith { get; set; }

        public Task<TaskCreation> StartAsync(CreateTaskRequest request, CancellationToken cancellationToken)
        {
            if (FailWith is not null)
            {
                throw FailWith;
            }

            Requests.Add(request);
            return Task.FromResult(new TaskCreation(Tasks.TaskFactory.InStatus(TrackedTaskStatus.Created), Created: true));
        }
    }

    private sealed class DelegateWorkflowStarter(Action<StartWorkflowRequest> onStart) : IDurableWorkflowStarter
    {
        public Task<WorkflowStartResult> StartAsync(StartWorkflowRequest request, CancellationToken cancellationToken)
        {
            onStart(request);
            var task = new TrackedTask
            {
                Key = new TaskKey("TASK#acme", "review#01"),
                Tenant = request.Tenant,
                Type = request.Workflow,
                Name = request.ExecutionName,
                Status = TrackedTaskStatus.Started,
                Input = request.Input,
                Version = 2,
                CreatedAt = DateTimeOffset.UnixEpoch,
                UpdatedAt = DateTimeOffset.UnixEpoch,
            };
            return Task.FromResult(new WorkflowStartResult(task, request.ExecutionName, "arn:x", Created: true));
        }
    }
}
