using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Functions.Hosting;
using Conveyor.Local.Buckets;
using Conveyor.Local.Engine.Buckets;
using Conveyor.Local.Engine.Dashboard;
using Conveyor.Local.Engine.Http;
using Conveyor.Local.Engine.Loops;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Engine.Storage;
using Conveyor.Local.Engine.Workflows;
using Conveyor.Local.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conveyor.Local.Engine;

/// <summary>
/// The embedded engine: one folder, one SQLite database, the function handlers in-process, fed by the watcher, the change
/// feed, the task queue, the scheduler and the workflow runner, plus the HTTP API and dashboard.
/// </summary>
/// <remarks>
/// Start-up takes the folder's lock, releases messages a previous (dead) engine had received, and resumes RUNNING
/// workflows. <see cref="StopAsync"/> stops intake at once, lets in-flight handlers finish for
/// <see cref="EngineOptions.ShutdownGrace"/>, then cancels them; whatever did not finish is redelivered on the next start.
/// </remarks>
public sealed partial class ConveyorEngine : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly EngineLock _lock;
    private readonly CancellationTokenSource _intake = new();
    private readonly CancellationTokenSource _work = new();
    private readonly ILogger _logger;
    private BucketWatcher? _watcher;
    private EngineHttpServer? _http;
    private Task _loops = Task.CompletedTask;
    private int _stopped;

    private ConveyorEngine(ServiceProvider services, EngineLock engineLock, EngineLayout layout, EngineOptions options)
    {
        _services = services;
        _lock = engineLock;
        Layout = layout;
        Options = options;
        _logger = services.GetRequiredService<ILogger<ConveyorEngine>>();
    }

    public EngineLayout Layout { get; }

    public EngineOptions Options { get; }

    public IServiceProvider Services => _services;

    /// <summary>The dashboard and API address, or null when HTTP is off.</summary>
    public Uri? BaseAddress => _http?.BaseAddress;

    /// <summary>Completes when every loop has stopped.</summary>
    public Task Completion => _loops;

    /// <exception cref="ValidationException">A setting is invalid (these options, or the application's); the message names it.</exception>
    /// <exception cref="InvalidOperationException">Another engine runs on the folder, the port is taken, or the state machine is invalid.</exception>
    public static async Task<ConveyorEngine> StartAsync(EngineOptions options, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        options.Validate();
        var layout = new EngineLayout(options.Directory);
        layout.CreateFolders();
        var engineLock = EngineLock.Acquire(layout.LockPath);
        ServiceProvider? services = null;
        try
        {
            var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(layout.Root), cancellationToken).ConfigureAwait(false);
            await EngineSchema.EnsureAsync(database, cancellationToken).ConfigureAwait(false);
            services = EngineServices.Build(options, layout, database, loggerFactory);
            // The start hook, as in a Lambda function's init: every validated options registration is read and checked now.
            services.GetService<IStartupValidator>()?.Validate();
            layout.CreateBucketFolders(services.GetRequiredService<LocalBuckets>().All);
            var engine = new ConveyorEngine(services, engineLock, layout, options);
            await engine.StartLoopsAsync(cancellationToken).ConfigureAwait(false);
            return engine;
        }
        catch
        {
            if (services is not null)
            {
                var database = services.GetRequiredService<LocalDatabase>();
                await services.DisposeAsync().ConfigureAwait(false);
                await database.CloseWriterAsync(CancellationToken.None).ConfigureAwait(false);
            }

            engineLock.Dispose();
            throw;
        }
    }

    /// <summary>Stops intake, waits up to the grace period for in-flight work, then cancels it; idempotent.</summary>
    public async Task StopAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 1)
        {
            await _loops.ConfigureAwait(false);
            return;
        }

        LogStopping(Options.ShutdownGrace);
        if (_watcher is not null) { await _watcher.DisposeAsync().ConfigureAwait(false); }
        await _intake.CancelAsync().ConfigureAwait(false);
        _work.CancelAfter(Options.ShutdownGrace);
        await _loops.ConfigureAwait(false);
        if (_http is not null) { await _http.DisposeAsync().ConfigureAwait(false); }
        LogStopped();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        var database = _services.GetRequiredService<LocalDatabase>();
        await _services.DisposeAsync().ConfigureAwait(false);
        await database.CloseWriterAsync(CancellationToken.None).ConfigureAwait(false);
        _intake.Dispose();
        _work.Dispose();
        _lock.Dispose();
    }

    private async Task StartLoopsAsync(CancellationToken cancellationToken)
    {
        var queues = _services.GetRequiredService<EngineQueues>();
        foreach (var queue in queues.Consumed)
        {
            var released = await queue.ReleaseInFlightAsync(cancellationToken).ConfigureAwait(false);
            if (released > 0) { LoopLog.Released(_logger, released, queue.Name); }
        }

        // Resolve everything first: a wiring mistake fails the start, not a loop later.
        var stop = new StopTokens(_intake.Token, _work.Token);
        var loops = _services.GetServices<PollingLoop>().ToList();
        EnsureEveryTriggerIsPlayed(loops);
        var signals = _services.GetRequiredService<EngineSignals>();
        _ = _services.GetRequiredService<EngineStatusReader>();
        _loops = Task.WhenAll(loops.Select(loop => Task.Run(() => loop.RunAsync(stop), CancellationToken.None)));

        if (Options.WatchBuckets)
        {
            // Owned by the engine, not the container: it must stop before the loops, and dispose exactly once.
            _watcher = new BucketWatcher(
                _services.GetRequiredService<LocalDatabase>(),
                new BucketWatcherOptions(Layout.BucketsRoot, _services.GetRequiredService<LocalBuckets>().Watched, StabilityInterval: Options.StabilityInterval),
                _services.GetRequiredService<TimeProvider>(),
                _services.GetRequiredService<ILogger<BucketWatcher>>());
            _watcher.Published += (_, _) => signals.BucketEvents.Ring();
            await _watcher.StartAsync(cancellationToken).ConfigureAwait(false);
        }

        if (Options.Port is { } port)
        {
            _http = await EngineHttpServer.StartAsync(
                port,
                _services.GetRequiredService<ApiHandler>(),
                _services.GetRequiredService<EngineStatusReader>(),
                _services.GetRequiredService<DashboardEndpoints>(),
                Options.ApiAuth,
                _services.GetService<DurableApiEndpoints>(),
                _services.GetRequiredService<TimeProvider>(),
                _services.GetRequiredService<ILogger<EngineHttpServer>>(),
                cancellationToken).ConfigureAwait(false);
            _services.GetService<LoopbackDurableServiceClient>()?.Attach(_http.BaseAddress);
        }

        LogStarted(Layout.Root, Options.Workers);
    }

    /// <summary>Every function's trigger has a loop that plays it (HTTP API routes are the engine's HTTP server).</summary>
    /// <exception cref="InvalidOperationException">A function would never be invoked.</exception>
    private static void EnsureEveryTriggerIsPlayed(IReadOnlyList<PollingLoop> loops)
    {
        var played = loops.Select(l => l.Trigger).OfType<FunctionTrigger>().Append(FunctionTrigger.HttpApi).ToHashSet();
        var unplayed = FunctionDescriptors.All.Where(f => !played.Contains(f.Trigger)).ToList();
        if (unplayed.Count > 0)
        {
            throw new InvalidOperationException(
                $"No engine loop plays the trigger of {string.Join(", ", unplayed)}; register one with EngineServices.AddEngineLoop.");
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine started on {Directory} with {Workers} workers")]
    private partial void LogStarted(string directory, int workers);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopping: no new work; in-flight work has {Grace} to finish")]
    private partial void LogStopping(TimeSpan grace);

    [LoggerMessage(Level = LogLevel.Information, Message = "Engine stopped")]
    private partial void LogStopped();
}
