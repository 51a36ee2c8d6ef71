using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Durable;
using Conveyor.Durable.Service;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.Processing;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tasks;
using Conveyor.Functions.Workflows;
using Conveyor.Lambda.Batch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions;

/// <summary>Registers the function handlers and what they share; the ports come from the AWS or the embedded adapters.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="AddConveyorFunctions(IServiceCollection, FunctionsOptions)"/> with options from the <c>Conveyor</c>
    /// configuration section (see <see cref="FunctionsOptions.FromConfiguration"/>).
    /// </summary>
    /// <remarks>
    /// Nothing is read or checked while Program.cs wires: the options are read and validated when the host starts. A
    /// Lambda process that threw here would die before the Runtime API loop, and Lambda would report only
    /// <c>Runtime.ExitError</c>; thrown during init, the <see cref="ValidationException"/> is posted as an init error
    /// naming the variable.
    /// </remarks>
    public static IServiceCollection AddConveyorFunctions(this IServiceCollection services, IConfiguration configuration) =>
        services.AddConveyorFunctionServices(configuration).AddHandlers(FunctionDescriptors.All);

    /// <summary>
    /// What the functions share (<see cref="AddConveyorFunctionServices(IServiceCollection, FunctionsOptions)"/>) and
    /// every function's handler (each <see cref="FunctionDescriptors.All"/> entry): for hosts that run all functions in
    /// one process, the embedded engine and the tests. A function executable registers only its own handler
    /// (<see cref="FunctionDescriptor.RunAsync"/>).
    /// </summary>
    public static IServiceCollection AddConveyorFunctions(this IServiceCollection services, FunctionsOptions options) =>
        services.AddConveyorFunctionServices(options).AddHandlers(FunctionDescriptors.All);

    /// <summary>
    /// <see cref="AddConveyorFunctionServices(IServiceCollection, FunctionsOptions)"/> with options from the
    /// <c>Conveyor</c> configuration section, read and validated when the host starts (see
    /// <see cref="AddConveyorFunctions(IServiceCollection, IConfiguration)"/>): a function executable's Program.cs.
    /// </summary>
    public static IServiceCollection AddConveyorFunctionServices(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddValidatedOptions(_ => FunctionsOptions.FromConfiguration(configuration)).AddFunctionServices();
    }

    /// <summary>
    /// Registers what the function handlers share, and no handler: <see cref="TaskService"/>,
    /// <see cref="ActionExecutor"/>, <see cref="FileTaskRegistry"/> (from the registered <see cref="IFileTask"/>s and
    /// <see cref="FunctionsOptions.Buckets"/>) and <see cref="TaskProcessorRegistry"/> (from the registered
    /// <see cref="ITaskProcessor"/>s). All singletons: the handlers keep no per-invocation state.
    /// </summary>
    /// <remarks>
    /// A function executable adds its own handler only (<see cref="FunctionDescriptor.RunAsync"/>), so its native build carries
    /// the code of that function alone: under Native AOT every registered handler is compiled in, with all it calls, and
    /// the binary's type data is rehydrated at every cold start (bench/cold-start.sh).
    /// The caller registers the ports: ITaskStore, ITaskQueue, IWorkflowStarter, INotifier, IObjectStore,
    /// ICommandPublisher, IScheduleService, ITaskImageDecoder (StreamFanOut), logging, and optionally a TimeProvider.
    /// The options, like every <see cref="ValidatedOptions.AddValidatedOptions{TOptions}"/> registration, are validated
    /// once when the host starts (<see cref="StartupValidation"/>); the registries validate when first resolved (two
    /// processors for one type, or a file-task bucket without a physical name, fail the function's init).
    /// </remarks>
    public static IServiceCollection AddConveyorFunctionServices(this IServiceCollection services, FunctionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        return services.AddValidatedOptions(_ => options).AddFunctionServices();
    }

    private static IServiceCollection AddHandlers(this IServiceCollection services, IEnumerable<FunctionDescriptor> functions)
    {
        foreach (var function in functions)
        {
            function.Register(services);
        }

        return services;
    }

    private static IServiceCollection AddFunctionServices(this IServiceCollection services)
    {
        services.AddStartupValidation();
        services.TryAddSingleton(TimeProvider.System);
        // Factories, not types, throughout: the container finds a type's constructor and its parameters by reflection,
        // and closes ILogger<T> at run time, both of which Native AOT serves slowly during a function's init
        // (bench/cold-start.sh).
        services.TryAddSingleton(sp => new TaskService(
            sp.GetRequiredService<ITaskStore>(), sp.GetRequiredService<INotifier>(), sp.GetRequiredService<TimeProvider>(), sp.GetLogger<TaskService>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<FunctionsOptions>();
            return new StatusNotificationPublisher(
                sp.GetRequiredService<INotifier>(),
                sp.GetRequiredService<TaskService>(),
                new NotificationFormatOptions(options.NotificationFormat, options.TasksTable),
                sp.GetLogger<StatusNotificationPublisher>());
        });
        services.TryAddSingleton(sp => new TaskAttemptRunner(
            sp.GetRequiredService<TaskService>(), sp.GetRequiredService<TaskProcessorRegistry>(), sp.GetLogger<TaskAttemptRunner>()));
        services.TryAddSingleton(sp => new MapItem.SubTaskBatchRunner(
            sp.GetRequiredService<TaskService>(), sp.GetRequiredService<TaskAttemptRunner>(), sp.GetRequiredService<TimeProvider>(), sp.GetLogger<MapItem.SubTaskBatchRunner>()));
        services.TryAddSingleton(sp => new TaskDispatcher(
            sp.GetRequiredService<TaskService>(),
            sp.GetRequiredService<ITaskQueue>(),
            sp.GetRequiredService<IObjectStore>(),
            sp.GetRequiredService<IWorkflowStarter>(),
            sp.GetRequiredService<TaskProcessorRegistry>(),
            sp.GetRequiredService<FunctionsOptions>(),
            sp.GetLogger<TaskDispatcher>(),
            sp.GetService<WorkflowService>()));
        services.TryAddSingleton(sp => new TaskProcessorRegistry(sp.GetServices<ITaskProcessor>()));
        services.TryAddSingleton<ITaskStarter>(sp => sp.GetRequiredService<TaskService>());
        services.TryAddSingleton(sp => new DurableWorkflowCatalog(sp.GetServices<DurableWorkflowRegistration>()));
        if (services.Any(d => d.ServiceType == typeof(IDurableExecutionService)))
        {
            // Durable workflows as tracked tasks, where the host has a durable execution service (the engine; AWS when configured).
            services.TryAddSingleton(sp => new WorkflowService(
                sp.GetRequiredService<TaskService>(), sp.GetRequiredService<IDurableExecutionService>(), sp.GetRequiredService<DurableWorkflowCatalog>(), sp.GetLogger<WorkflowService>()));
            services.TryAddSingleton<IDurableWorkflowStarter>(sp => sp.GetRequiredService<WorkflowService>());
        }

        services.TryAddSingleton(sp => new ActionExecutor(
            sp.GetRequiredService<ICommandPublisher>(), sp.GetRequiredService<IScheduleService>(), sp.GetRequiredService<ITaskStarter>(), sp.GetService<IDurableWorkflowStarter>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<FunctionsOptions>();
            return new FileTaskContext(options.ServiceName, sp.GetRequiredService<TimeProvider>(), new BucketNameResolver(options.Buckets));
        });
        services.TryAddSingleton(sp => new FileTaskRegistry(sp.GetServices<IFileTask>(), sp.GetRequiredService<FileTaskContext>()));
        services.TryAddSingleton(sp => new BatchProcessor(sp.GetLogger<BatchProcessor>()));
        return services;
    }

    /// <summary>The logger of <typeparamref name="T"/> from the factory (the container would close <c>Logger&lt;T&gt;</c> at run time).</summary>
}
