using Conveyor.App;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Local.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.Local.Engine.Tests;

/// <summary>An in-process engine on a temporary folder (no HTTP and no watcher unless asked), deleted afterwards.</summary>
internal sealed class EngineFixture : IAsyncDisposable
{
    private EngineFixture(ConveyorEngine engine, string directory)
    {
        Engine = engine;
        Directory = directory;
    }

    public ConveyorEngine Engine { get; }

    public string Directory { get; }

    public T Get<T>() where T : notnull => Engine.Services.GetRequiredService<T>();

    public static async Task<EngineFixture> StartAsync(Func<EngineOptions, EngineOptions>? configure = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "conveyor-engine-" + Guid.NewGuid().ToString("N"));
        var options = new EngineOptions
        {
            Directory = directory,
            Port = null,
            WatchBuckets = false,
            Workers = 4,
            PollInterval = TimeSpan.FromMilliseconds(50),
            Application = (services, configuration) => services.AddConveyorApp(configuration).AddConveyorWorkflows(),
        };
        var engine = await ConveyorEngine.StartAsync(configure?.Invoke(options) ?? options, NullLoggerFactory.Instance, CancellationToken.None);
        return new EngineFixture(engine, directory);
    }

    /// <summary>Polls until <paramref name="condition"/> holds or the timeout passes; returns whether it held.</summary>
    public static async Task<bool> EventuallyAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) { return true; }
            await Task.Delay(50);
        }

        return await condition();
    }

    public Task<IReadOnlyList<TrackedTask>> ListAsync(TaskKind kind) =>
        Get<SqliteTaskListing>().ListAsync(new LocalTaskFilter(Kind: kind, Limit: 1000), CancellationToken.None);

    public TaskService Tasks => Get<TaskService>();

    public IObjectStore Objects => Get<IObjectStore>();

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
