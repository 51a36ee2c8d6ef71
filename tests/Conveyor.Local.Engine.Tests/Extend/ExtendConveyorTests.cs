using Conveyor.App;
using Conveyor.Core.Files;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Local.Engine.Tests.Extend;

/// <summary>
/// README "Extend Conveyor" followed literally: a new file task and its task processor, each one class and one
/// registration next to <c>AddConveyorApp</c>'s — and nothing else: the engine creates and watches the new bucket's
/// folder (derived from the file task), and a dropped file becomes a task the new processor completes.
/// </summary>
public sealed class ExtendConveyorTests
{
    [Fact]
    public async Task NewFileTask_WhenRegisteredOnce_ShouldGetAWatchedFolderWhoseFilesBecomeCompletedTasks()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with
        {
            WatchBuckets = true,
            StabilityInterval = TimeSpan.FromMilliseconds(100),
            Application = (services, configuration) =>
            {
                services.AddConveyorApp(configuration).AddConveyorWorkflows();
                services.AddSingleton<IFileTask, InvoicesTask>();
                services.AddSingleton<ITaskProcessor, InvoiceProcessor>();
            },
        });
        var folder = fixture.Engine.Layout.BucketFolder("invoices");
        Assert.True(Directory.Exists(folder), $"{folder} was not created");
        Assert.True(Directory.Exists(fixture.Engine.Layout.BucketFolder("csv-import")), "the sample app's buckets are still there");

        await File.WriteAllTextAsync(Path.Combine(folder, "inv-7.txt"), "total 42");

        Assert.True(await EngineFixture.EventuallyAsync(
            async () => (await fixture.ListAsync(TaskKind.Task)).Any(t => t.Type == InvoiceProcessor.Type && t.Status == TrackedTaskStatus.Completed),
            TimeSpan.FromSeconds(30)));
        var task = Assert.Single(await fixture.ListAsync(TaskKind.Task), t => t.Type == InvoiceProcessor.Type);
        Assert.Equal("inv-7.txt", task.Result!.Value.GetProperty("processed").GetString());
    }

    [Fact]
    public async Task Engine_WhenNoApplicationIsGiven_ShouldStartWithOnlyTheArtifactsBucket()
    {
        await using var fixture = await EngineFixture.StartAsync(o => o with { Application = null });

        Assert.Equal(["artifacts"], Directory.GetDirectories(Path.Combine(fixture.Directory, "buckets")).Select(Path.GetFileName));
    }
}
