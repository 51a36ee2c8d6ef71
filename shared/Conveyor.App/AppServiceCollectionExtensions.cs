using Conveyor.App.Files;
using Conveyor.App.Handlers;
using Conveyor.Core.Files;
using Conveyor.Core.Handlers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conveyor.App;

/// <summary>Registers the application's file tasks and task handlers; every function calls it, so all see the same set.</summary>
public static class AppServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="ProfilePicturesTask"/>, <see cref="DocumentsTask"/> and <see cref="CsvImportTask"/> as
    /// <see cref="IFileTask"/>, and <see cref="CsvImportRowHandler"/>, <see cref="ProcessDocumentHandler"/> and
    /// <see cref="EchoHandler"/> as <see cref="ITaskHandler"/>, with <see cref="AppOptions"/> from <paramref name="configuration"/>.
    /// </summary>
    public static IServiceCollection AddConveyorApp(this IServiceCollection services, IConfiguration? configuration = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        services.TryAddSingleton(AppOptions.FromConfiguration(configuration));
        services.TryAddSingleton(TimeProvider.System);

        services.AddSingleton<IFileTask, ProfilePicturesTask>();
        services.AddSingleton<IFileTask, DocumentsTask>();
        services.AddSingleton<IFileTask, CsvImportTask>();

        services.AddSingleton<ITaskHandler, CsvImportRowHandler>();
        services.AddSingleton<ITaskHandler, ProcessDocumentHandler>();
        services.AddSingleton<ITaskHandler, EchoHandler>();
        return services;
    }
}
