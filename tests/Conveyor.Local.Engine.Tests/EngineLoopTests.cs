using System.Net.Http.Json;
using System.Text.Json;
using Conveyor.Core.Ids;
using Conveyor.Core.Ports;
using Conveyor.Core.Schedules;
using Conveyor.Core.Serialization;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Notifications;
using Conveyor.Local.Scheduling;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Engine.Tests;

/// <summary>The engine's event sources end to end in-process: change feed, task queue, workflows, schedules, HTTP.</summary>
public class EngineLoopTests
{
    private static readonly JsonElement EchoInput = JsonDocument.Parse("""{"hello":"world"}""").RootElement.Clone();

    [Fact]
    public async Task ChangeFeed_WhenRecordKeepsFailing_ShouldDeadLetterItAndDispatchLaterTasks()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { MaxDeliveries = 2 });
        // A change record whose task row does not exist: StreamFanOut fails it on every delivery.
        var ghost = new TrackedTask
        {
            Key = TaskKeys.NewTask("t1", "echo", Ulid.NewUlid(DateTimeOffset.UtcNow), stepFunction: false),
            Tenant = "t1", Type = "echo", Name = "echo", Status = TrackedTaskStatus.Created, Input = EchoInput, Version = 1,
            CreatedAt = DateTimeOffset.UtcNow, UpdatedAt = DateTimeOffset.UtcNow,
        };
        await fixture.Get<LocalDatabase>().WriteAsync(
            async (connection, transaction) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = "INSERT INTO change_feed (event_name, pk, sk, old_status, new_status, new_image, created_at) VALUES ('INSERT', $pk, $sk, NULL, 'CREATED', $image, 0);";
                command.Parameters.AddWithValue("$pk", ghost.Key.Pk);
                command.Parameters.AddWithValue("$sk", ghost.Key.Sk);
                command.Parameters.AddWithValue("$image", TaskJson.Serialize(ghost));
                await command.ExecuteNonQueryAsync();
            },
            CancellationToken.None);

        var real = await fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("t1", "echo", EchoInput), CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.Tasks.GetAsync(real.Task.Key, CancellationToken.None))!.Status == TrackedTaskStatus.Completed, TimeSpan.FromSeconds(20)));
        var deadLetters = fixture.Get<EngineQueues>().StreamDeadLetters;
        Assert.True(await EngineFixture.EventuallyAsync(async () => (await deadLetters.GetCountsAsync(CancellationToken.None)).Total == 1, TimeSpan.FromSeconds(10)));
        var checkpoint = await fixture.Get<Conveyor.Local.ChangeFeed.SqliteChangeFeed>().GetCheckpointAsync(Loops.ChangeFeedLoop.Consumer, CancellationToken.None);
        Assert.True(checkpoint >= 1, "the checkpoint moved past the dead-lettered record");
    }

    [Fact]
    public async Task TaskQueue_WhenEchoTasksCreated_ShouldCompleteEachWithItsInputAsResult()
    {
        await using var fixture = await EngineFixture.StartAsync();
        var keys = new List<TaskKey>();
        for (var i = 0; i < 20; i++)
        {
            keys.Add((await fixture.Tasks.CreateTaskAsync(new CreateTaskRequest("t1", "echo", EchoInput), CancellationToken.None)).Task.Key);
        }

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.ListAsync(TaskKind.Task)).All(t => t.Status == TrackedTaskStatus.Completed), TimeSpan.FromSeconds(20)));
        var first = await fixture.Tasks.GetAsync(keys[0], CancellationToken.None);
        Assert.Equal("world", first!.Result!.Value.GetProperty("hello").GetString());
        Assert.Equal(0, (await fixture.Get<EngineQueues>().Tasks.GetCountsAsync(CancellationToken.None)).Total);
    }

    [Fact]
    public async Task Workflow_WhenStepFunctionTaskHasBadItem_ShouldFinishWithOnlyThatSubtaskFailed()
    {
        await using var fixture = await EngineFixture.StartAsync();
        var input = JsonDocument.Parse("""[{"email":"a@x.io"},{"email":"nope"},{"email":"c@x.io"}]""").RootElement.Clone();

        var created = await fixture.Tasks.CreateStepFunctionTaskAsync(new CreateTaskRequest("t1", "csv-import", input), CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.Tasks.GetAsync(created.Task.Key, CancellationToken.None))!.Status.IsTerminal(), TimeSpan.FromSeconds(30)));
        Assert.Equal(TrackedTaskStatus.Finished, (await fixture.Tasks.GetAsync(created.Task.Key, CancellationToken.None))!.Status);
        var statuses = (await fixture.Tasks.ListSubTasksAsync(created.Task.Key, CancellationToken.None)).Select(s => s.Status).ToArray();
        Assert.Equal([TrackedTaskStatus.Completed, TrackedTaskStatus.Failed, TrackedTaskStatus.Completed], statuses);
        var alarms = await fixture.Get<SqliteNotifier>().QueryAsync(new NotificationQuery(TaskId: created.Task.Id, Action: NotificationActions.StepFunctionAlarm), CancellationToken.None);
        Assert.Single(alarms);
    }

    [Fact]
    public async Task Schedules_WhenOneTimeScheduleIsDue_ShouldCreateAndRunItsTaskOnce()
    {
        await using var fixture = await EngineFixture.StartAsync();
        var past = DateTime.UtcNow.AddMinutes(-3);
        var schedule = Schedule.Create("echo-once", ScheduleRate.Single(past.Year, past.Month, past.Day, past.Hour, past.Minute), new TaskSchedulePayload("sched", "echo", EchoInput));

        await fixture.Get<IScheduleService>().CreateAsync(schedule, CancellationToken.None);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.ListAsync(TaskKind.Task)).Any(t => t.Status == TrackedTaskStatus.Completed), TimeSpan.FromSeconds(20)));
        var tasks = await fixture.ListAsync(TaskKind.Task);
        Assert.Single(tasks);
        Assert.Equal("sched", tasks[0].Tenant);
        Assert.Empty(await fixture.Get<SqliteScheduleService>().ListAsync(CancellationToken.None));
    }

    [Fact]
    public async Task Http_WhenTaskPostedToApi_ShouldBeDispatchedAndListedThroughTheApiAndStatus()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Port = 0 });
        using var http = new HttpClient { BaseAddress = fixture.Engine.BaseAddress };

        using var created = await http.PostAsync("tasks", new StringContent("""{"tenant":"web","type":"echo","input":{"n":1}}""", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);

        Assert.True(await EngineFixture.EventuallyAsync(async () => (await fixture.ListAsync(TaskKind.Task)).All(t => t.Status == TrackedTaskStatus.Completed), TimeSpan.FromSeconds(20)));
        var page = await http.GetFromJsonAsync<JsonElement>("tasks?tenant=web");
        Assert.Equal("COMPLETED", page.GetProperty("items")[0].GetProperty("status").GetString());
        var status = await http.GetFromJsonAsync<JsonElement>("local/status");
        Assert.Equal(1, status.GetProperty("tasks").GetProperty("COMPLETED").GetInt32());
        Assert.Contains("<html", await http.GetStringAsync(string.Empty), StringComparison.OrdinalIgnoreCase);
        using var missing = await http.GetAsync("tasks/TASK%23web%23echo%2301ARZ3NDEKTSV4RRFFQ69G5FAV");
        Assert.Equal(System.Net.HttpStatusCode.NotFound, missing.StatusCode);
    }
}
