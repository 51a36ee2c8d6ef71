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

/// <summary>Registers the application's file tasks and task processors; every function calls it, so all see the same set.</summary>
public static class AppServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProfilePicturesTask"/>, <see cref="DocumentsTask"/> and <see cref="CsvImportTask"/> as
    /// <see cref="IFileTask"/>, and <see cref="CsvImportRowProcessor"/>, <see cref="ProcessDocumentProcessor"/> and
    /// <see cref="EchoProcessor"/> as <see cref="ITaskProcessor"/>, with <see cref="AppOptions"/> from <paramref name="configuration"/>
    /// (read and validated once, when the host starts).
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

        // The durable workflow the DocumentReview function runs (resolved only by that function and the engine).
        services.TryAddSingleton<IDurableFunction>(sp =>
        {
            var clock = sp.GetRequiredService<TimeProvider>();
            var workflow = new DocumentReviewWorkflow(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<INotifier>(), sp.GetRequiredService<ICommandPublisher>(), clock);
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(DocumentReviewWorkflow.Name) ?? NullLogger.Instance;
            return new DurableFunction<DocumentReviewRequest, DocumentReviewResult>(workflow.RunAsync, DocumentReviewJsonContext.Default, new DurableFunctionOptions { Time = clock, Logger = logger });
        });
        services.AddSingleton(sp => new DurableWorkflowRegistration(OnboardingWorkflow.Name, OnboardingWorkflow.FunctionName, new Lazy<IDurableFunction>(() =>
        {
            var workflow = new OnboardingWorkflow(sp.GetRequiredService<IObjectStore>(), sp.GetRequiredService<INotifier>());
            var logger = sp.GetService<ILoggerFactory>()?.CreateLogger(OnboardingWorkflow.Name) ?? NullLogger.Instance;
            return new DurableFunction<OnboardingRequest, OnboardingResult>(workflow.RunAsync, OnboardingJsonContext.Default, new DurableFunctionOptions { Time = sp.GetRequiredService<TimeProvider>(), Logger = logger });
        })));
        services.AddSingleton(sp => new DurableWorkflowRegistration(DocumentReviewWorkflow.Name, DocumentReviewWorkflow.FunctionName, new Lazy<IDurableFunction>(sp.GetRequiredService<IDurableFunction>)));
        return services;
    }
}
