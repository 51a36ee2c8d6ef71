using Conveyor.App.Files;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.App.Tests;

/// <summary>What <c>AddConveyorApp</c> plugs into the functions and the engine: the file tasks and the task processors.</summary>
public sealed class AppRegistrationTests
{
    [Fact]
    public void AddConveyorApp_WhenResolved_ShouldRegisterEachFileTaskAndEachTaskTypeOnce()
    {
        using var provider = Provider(configuration: null);

        var fileTasks = provider.GetServices<IFileTask>().Select(t => t.Name).Order(StringComparer.Ordinal).ToArray();
        var taskTypes = provider.GetServices<ITaskProcessor>().Select(p => p.TaskType).Order(StringComparer.Ordinal).ToArray();

        Assert.Equal([CsvImportTask.TaskName, DocumentsTask.TaskName, ProfilePicturesTask.TaskName], fileTasks);
        Assert.Equal([AppTaskTypes.CsvImport, AppTaskTypes.Echo, AppTaskTypes.ProcessDocument], taskTypes);
    }

    [Fact]
    public void AddConveyorApp_WhenTheTenantIsConfigured_ShouldUseIt()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Conveyor:App:Tenant"] = "acme" })
            .Build();
        using var configured = Provider(configuration);
        using var plain = Provider(configuration: null);

        Assert.Equal("acme", configured.GetRequiredService<AppOptions>().Tenant);
        Assert.Equal("default", plain.GetRequiredService<AppOptions>().Tenant);
    }

    private static ServiceProvider Provider(IConfiguration? configuration)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IObjectStore>(new InMemoryObjectStore());
        services.AddLogging();
        services.AddConveyorApp(configuration);
        return services.BuildServiceProvider();
    }
}
