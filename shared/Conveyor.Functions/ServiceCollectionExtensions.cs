using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Handlers;
using Conveyor.Core.Notifications;
using Conveyor.Core.Services;
using Conveyor.Functions.Api;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.Handlers;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tasks;
using Conveyor.Functions.TaskWorker;
using Conveyor.Lambda.Batch;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conveyor.Functions;

/// <summary>Registers the function handlers and what they share; the ports come from the AWS or the embedded adapters.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="AddConveyorFunctions(IServiceCollection, FunctionsOptions)"/> with options from the <c>Conveyor</c>
    /// configuration section (see <see cref="FunctionsOptions.FromConfiguration"/>).
    /// </summary>
    public static IServiceCollection AddConveyorFunctions(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return services.AddConveyorFunctions(FunctionsOptions.FromConfiguration(configuration));
    }

    /// <summary>
    /// Registers every handler (<see cref="FileTriggerHandler"/>, <see cref="StreamFanOutHandler"/>,
    /// <see cref="TaskWorkerHandler"/>, <see cref="MapItemHandler"/>, <see cref="FinalizeHandler"/>,
    /// <see cref="ScheduleTargetHandler"/>, <see cref="ApiHandler"/>) and <see cref="TaskService"/>,
    /// <see cref="ActionExecutor"/>, <see cref="FileTaskRegistry"/> (from the registered <see cref="IFileTask"/>s and
    /// <see cref="FunctionsOptions.Buckets"/>) and <see cref="TaskHandlerRegistry"/> (from the registered
    /// <see cref="ITaskHandler"/>s). All singletons: the handlers keep no per-invocation state.
    /// </summary>
    /// <remarks>
    /// The caller registers the ports: ITaskStore, ITaskQueue, IWorkflowStarter, INotifier, IObjectStore,
    /// ICommandPublisher, IScheduleService, ITaskImageDecoder (StreamFanOut), logging, and optionally a TimeProvider.
    /// The options are validated here, so a misconfigured function fails at start-up; the registries validate when first
    /// resolved (two handlers for one type, or a file-task bucket without a physical name, fail the function's init).
    /// </remarks>
    /// <exception cref="Core.Validation.ValidationException">The options are invalid.</exception>
    public static IServiceCollection AddConveyorFunctions(this IServiceCollection services, FunctionsOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();

        services.TryAddSingleton(options);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<TaskService>();
        services.TryAddSingleton<StatusNotificationPublisher>();
        services.TryAddSingleton<TaskClaimer>();
        services.TryAddSingleton(sp => new TaskHandlerRegistry(sp.GetServices<ITaskHandler>()));
        services.TryAddSingleton<ITaskStarter, TaskServiceTaskStarter>();
        services.TryAddSingleton<ActionExecutor>();
        services.TryAddSingleton(sp => new FileTaskContext(
            options.ServiceName, sp.GetRequiredService<TimeProvider>(), new BucketNameResolver(options.Buckets)));
        services.TryAddSingleton(sp => new FileTaskRegistry(sp.GetServices<IFileTask>(), sp.GetRequiredService<FileTaskContext>()));
        services.TryAddSingleton<BatchProcessor>();

        services.TryAddSingleton<FileTriggerHandler>();
        services.TryAddSingleton<StreamFanOutHandler>();
        services.TryAddSingleton<TaskWorkerHandler>();
        services.TryAddSingleton<MapItemHandler>();
        services.TryAddSingleton<FinalizeHandler>();
        services.TryAddSingleton<ScheduleTargetHandler>();
        services.TryAddSingleton<ApiHandler>();
        return services;
    }
}
