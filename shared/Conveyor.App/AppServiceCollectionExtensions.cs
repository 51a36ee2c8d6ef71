using Conveyor.App.Files;
using Conveyor.App.Processors;
using Conveyor.App.Workflows;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Conveyor.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Conveyor.App;

/// <summary>
/// Registers the application's file tasks, task processors and durable workflows' names; every function calls it, so all
/// see the same set. The workflows' code: <see cref="AddConveyorWorkflows"/>.
/// </summary>
public static class AppServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProfilePicturesTask"/>, <see cref="DocumentsTask"/> and <see cref="CsvImportTask"/> as
    /// <see cref="IFileTask"/>, and <see cref="CsvImportRowProcessor"/>, <see cref="ProcessDocumentProcessor"/> and
    /// <see cref="EchoProcessor"/> as <see cref="ITaskProcessor"/>, with <see cref="AppOptions"/> from <paramref name="configuration"/>
    /// (read and validated once, when the host starts), and each durable workflow as a <see cref="DurableWorkflowRegistration"/>
    /// (its names; its code where <see cref="AddConveyorWorkflows"/> is registered too).
    /// </summary>
    public static IServiceCollection AddConveyorApp(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.AddValidatedOptions(_ => AppOptions.FromConfiguration(configuration));
        services.TryAddSingleton(TimeProvider.System);

        // Factories, not types: the container finds a type's constructor by reflection, which Native AOT serves slowly
        // during a function's init (bench/cold-start.sh).
        services.AddSingleton<IFileTask>(_ => new ProfilePicturesTask());
        services.AddSingleton<IFileTask>(sp => new DocumentsTask(sp.GetRequiredService<AppOptions>()));
        services.AddSingleton<IFileTask>(sp => new CsvImportTask(
            sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<AppOptions>(), sp.GetLogger<CsvImportTask>()));

        services.AddSingleton<ITaskProcessor>(_ => new CsvImportRowProcessor());
        services.AddSingleton<ITaskProcessor>(sp => new ProcessDocumentProcessor(sp.GetRequiredService<IObjectStore>()));
        services.AddSingleton<ITaskProcessor>(sp => new EchoProcessor(sp.GetRequiredService<TimeProvider>()));

        // The durable workflows by name: what starts, lists and answers their executions (every function, through the
        // durable execution service) needs only the names. Their code is registered by AddConveyorWorkflows, in the hosts
        // that run them, so the other functions' native builds do not carry it (bench/cold-start.sh).
        services.AddSingleton(sp => Workflow(sp, OnboardingWorkflow.Name, OnboardingWorkflow.FunctionName));
        services.AddSingleton(sp => Workflow(sp, DocumentReviewWorkflow.Name, DocumentReviewWorkflow.FunctionName));
        return services;
    }

    /// <summary>
    /// Registers the code of the application's durable workflows (<see cref="OnboardingWorkflow"/>,
    /// <see cref="DocumentReviewWorkflow"/>), keyed by workflow name, and <see cref="DocumentReviewWorkflow"/> as the
    /// <see cref="IDurableFunction"/> the DocumentReview function runs: for the hosts that run workflows (that function,
    /// the embedded engine, tests), next to <see cref="AddConveyorApp"/>, which registers their names.
    /// </summary>
    public static IServiceCollection AddConveyorWorkflows(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddKeyedSingleton<IDurableFunction>(OnboardingWorkflow.Name, (sp, _) =>
        {
            var workflow = new OnboardingWorkflow(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<INotifier>());
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(OnboardingWorkflow.Name) ?? NullLogger.Instance;
            return new DurableFunction<OnboardingRequest, OnboardingResult>(workflow.RunAsync, OnboardingJsonContext.Default, new DurableFunctionOptions { Time = sp.GetRequiredService<TimeProvider>(), Logger = logger });
        });
        services.TryAddKeyedSingleton<IDurableFunction>(DocumentReviewWorkflow.Name, (sp, _) =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            var workflow = new DocumentReviewWorkflow(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<INotifier>(), sp.GetRequiredService<ICommandPublisher>(), clock);
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(DocumentReviewWorkflow.Name) ?? NullLogger.Instance;
            return new DurableFunction<DocumentReviewRequest, DocumentReviewResult>(workflow.RunAsync, DocumentReviewJsonContext.Default, new DurableFunctionOptions { Time = clock, Logger = logger });
        });
        services.TryAddSingleton(sp => sp.GetRequiredKeyedService<IDurableFunction>(DocumentReviewWorkflow.Name));
        return services;
    }

    /// <summary>A workflow's names, and its code from <see cref="AddConveyorWorkflows"/> when first invoked in this process.</summary>
    private static DurableWorkflowRegistration Workflow(IServiceProvider services, string name, string functionName) =>
        new(name, functionName, new Lazy<IDurableFunction>(() => services.GetKeyedService<IDurableFunction>(name)
            ?? throw new InvalidOperationException($"The durable workflow '{name}' does not run in this process: its host registers the workflows' code with AddConveyorWorkflows.")));
}
