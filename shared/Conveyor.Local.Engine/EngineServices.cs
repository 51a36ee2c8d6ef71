using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Functions;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Local.Buckets;
using Conveyor.Local.ChangeFeed;
using Conveyor.Local.Durable;
using Conveyor.Local.Commands;
using Conveyor.Local.Engine.Buckets;
using Conveyor.Local.Engine.Dashboard;
using Conveyor.Local.Engine.Http;
using Conveyor.Local.Engine.Loops;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Engine.Workflows;
using Conveyor.Local.Notifications;
using Conveyor.Local.Queue;
using Conveyor.Local.Scheduling;
using Conveyor.Local.Storage;
using Conveyor.Local.Tasks;
using Conveyor.States.Definition;
using Conveyor.States.Execution;
using Conveyor.States.Items;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Conveyor.Local.Engine;

/// <summary>
/// The engine's DI graph: the same registrations the Lambda functions make (the application through
/// <see cref="EngineOptions.Application"/>, <c>AddConveyorFunctions</c>), with every port bound to its embedded adapter, plus the loops that play the event sources.
/// </summary>
public static class EngineServices
{
    public static ServiceProvider Build(EngineOptions options, EngineLayout layout, LocalDatabase database, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(layout);
        var services = new ServiceCollection();
        services.AddSingleton(loggerFactory);
        services.AddSingleton(typeof(ILogger<>), typeof(Logger<>));
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(options);
        services.AddSingleton(layout);
        services.AddSingleton(database);
        services.AddSingleton<EngineSignals>();

        // The application's settings section (Conveyor:App), as CONVEYOR__APP__TENANT sets it on AWS; the engine can start durable workflows, so documents are reviewed.
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Conveyor:App:Tenant"] = options.Tenant, ["Conveyor:App:ReviewDocuments"] = "true" })
            .Build();
        services.AddSingleton<IConfiguration>(configuration);

        // Ports → embedded adapters.
        services.AddSingleton<SqliteTaskStore>();
        services.AddSingleton<ITaskStore>(sp => new SignallingTaskStore(sp.GetRequiredService<SqliteTaskStore>(), sp.GetRequiredService<EngineSignals>()));
        services.AddSingleton(sp => new EngineQueues(database, options, sp.GetRequiredService<FunctionsOptions>().MaxAttempts, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp => new SignallingTaskQueue(sp.GetRequiredService<EngineQueues>().Tasks, sp.GetRequiredService<EngineSignals>()));
        services.AddSingleton<ITaskQueue>(sp => sp.GetRequiredService<SignallingTaskQueue>());
        services.AddSingleton<IDeadLetterQueue>(sp => sp.GetRequiredService<EngineQueues>().Tasks);
        services.AddSingleton(sp => sp.GetRequiredService<EngineQueues>().DeadLetterStore(database, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IDeadLetterStore>(sp => sp.GetRequiredService<SqliteDeadLetterStore>());
        services.AddSingleton<SqliteNotifier>();
        services.AddSingleton<BatchingNotifier>();
        services.AddSingleton<INotifier>(sp => sp.GetRequiredService<BatchingNotifier>());
        services.AddSingleton(new BucketPaths(layout.BucketsRoot));
        services.AddSingleton<IObjectStore, FolderObjectStore>();
        services.AddSingleton(new LocalSchedulerOptions());
        services.AddSingleton<SqliteScheduleService>();
        services.AddSingleton<IScheduleService>(sp => sp.GetRequiredService<SqliteScheduleService>());
        services.AddSingleton<LocalScheduler>();
        services.AddSingleton(sp => new SqliteCommandPublisher(database, new CommandLogOptions(Aggregates(sp.GetRequiredService<FileTaskRegistry>())), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ICommandPublisher>(sp => sp.GetRequiredService<SqliteCommandPublisher>());
        services.AddSingleton<ITaskImageDecoder, TaskJsonImageDecoder>();
        services.AddSingleton<WorkflowRunStore>();
        services.AddSingleton<IWorkflowStarter, LocalWorkflowStarter>();
        services.AddSingleton<SqliteChangeFeed>();
        services.AddSingleton<SqliteTaskListing>();
        services.AddSingleton<BucketSequencerStore>();
        services.AddSingleton<SqliteDurableExecutions>();
        if (options.DurableApi is { } durableApi)
        {
            // Workflows checkpoint over HTTP, through the engine's own server, as on Lambda.
            services.AddSingleton(new LoopbackDurableServiceClient(durableApi));
            services.AddSingleton<Conveyor.Durable.Protocol.IDurableServiceClient>(sp => sp.GetRequiredService<LoopbackDurableServiceClient>());
            services.AddSingleton(sp => new DurableApiEndpoints(sp.GetRequiredService<SqliteDurableExecutions>()));
        }
        else
        {
            services.AddSingleton<Conveyor.Durable.Protocol.IDurableServiceClient>(sp => sp.GetRequiredService<SqliteDurableExecutions>());
        }

        services.AddSingleton<Conveyor.Durable.Service.IDurableExecutionService>(sp => sp.GetRequiredService<SqliteDurableExecutions>());

        // The application and the function handlers, exactly as each Lambda function registers them.
        // The buckets follow from the application's file tasks.
        options.Application?.Invoke(services, configuration);
        services.TryAddSingleton<Conveyor.Durable.IDurableFunction, NoDurableWorkflow>();
        services.AddSingleton(sp => LocalBuckets.From(sp.GetServices<IFileTask>(), sp.GetRequiredService<TimeProvider>()));
        services.AddValidatedOptions(sp => new FunctionsOptions
        {
            ServiceName = "conveyor-local",
            Tenant = options.Tenant,
            ArtifactsBucket = LocalBuckets.ArtifactsBucket,
            Buckets = sp.GetRequiredService<LocalBuckets>().PhysicalByLogical,
            NotificationFormat = options.NotificationFormat,
            TasksTable = EngineLayout.TasksTable,
        });
        services.AddConveyorFunctions(configuration);

        // The event sources.
        services.AddSingleton(sp => CreateRunner(sp, options));
        services.AddEngineLoop<WorkflowLoop>();
        services.AddEngineLoop<ChangeFeedLoop>();
        services.AddEngineLoop<TaskQueueLoop>();
        services.AddEngineLoop<BucketEventLoop>();
        services.AddEngineLoop<ScheduleTimerLoop>();
        services.AddEngineLoop<ScheduleLoop>();
        services.AddEngineLoop<DurableExecutionLoop>();
        services.AddSingleton<EngineStatusReader>();
        services.AddSingleton<SqliteTaskSearch>();
        services.AddSingleton<SqliteNotificationActivity>();
        services.AddSingleton<ExecutionTracker>();
        services.AddSingleton<DashboardReader>();
        services.AddSingleton<DashboardEndpoints>();

        options.ConfigureServices?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    /// <summary>
    /// Registers an event-source loop: the engine runs every registered <see cref="PollingLoop"/>, and refuses to start
    /// when a function's <see cref="FunctionDescriptor.Trigger"/> has no loop (see <see cref="ConveyorEngine"/>).
    /// </summary>
    public static IServiceCollection AddEngineLoop<TLoop>(this IServiceCollection services)
        where TLoop : PollingLoop
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddSingleton<TLoop>();
        services.AddSingleton<PollingLoop>(sp => sp.GetRequiredService<TLoop>());
        return services;
    }

    /// <summary>The default state machine file: <c>statemachines/step-function-task.asl.json</c> next to the executable.</summary>
    public static string DefaultStateMachinePath => Path.Combine(AppContext.BaseDirectory, "statemachines", "step-function-task.asl.json");

    private static StateMachineRunner CreateRunner(IServiceProvider services, EngineOptions options)
    {
        var path = options.StateMachinePath ?? DefaultStateMachinePath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"The state machine definition {path} does not exist.");
        }

        // The template substitutes <LogicalId>Arn (e.g. MapItemFunctionArn) for each function the state machine invokes.
        var invoked = FunctionDescriptors.Triggered(FunctionTrigger.StateMachineTask).ToList();
        var substitutions = invoked.ToDictionary(f => f.LogicalId + "Arn", f => HandlerTaskInvoker.FunctionArn(f.LocalName), StringComparer.Ordinal);
        var definition = StateMachineDefinition.TryLoad(File.ReadAllText(path), substitutions, out var validation)
            ?? throw new InvalidOperationException($"The state machine {path} is not valid: {string.Join("; ", validation.Problems)}");
        var invoker = new HandlerTaskInvoker(
            invoked.Select(f => f.Resolve(services)).ToList(),
            new SemaphoreSlim(options.Workers, options.Workers),
            TimeSpan.FromMinutes(5));
        return new StateMachineRunner(definition, new StateMachineRunnerOptions
        {
            TaskInvoker = invoker,
            ItemReader = new ObjectSourceItemReader(new ObjectStoreItemSource(services.GetRequiredService<IObjectStore>())),
            TimeProvider = services.GetRequiredService<TimeProvider>(),
            StateMachineName = LocalWorkflowStarter.StateMachineName,
            Observer = services.GetRequiredService<ExecutionTracker>(),
        });
    }

    /// <summary>The aggregates file tasks publish commands to: the command log accepts these, as the deployed queues would.</summary>
    private static HashSet<string> Aggregates(FileTaskRegistry registry) =>
        registry.Setups.Values
            .SelectMany(s => s.SideEffects)
            .Where(e => e.Kind == FileTaskSideEffectKind.CommandQueue)
            .Select(e => e.Name)
            .ToHashSet(StringComparer.Ordinal);
}
