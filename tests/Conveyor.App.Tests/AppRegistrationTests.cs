using Conveyor.App.Files;
using Conveyor.App.Workflows;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Testing;
using Conveyor.Durable;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.App.Tests;

/// <summary>
/// What <c>AddConveyorApp</c> plugs into the functions and the engine: the file tasks, the task processors and the durable
/// workflows' names; <c>AddConveyorWorkflows</c> adds the workflows' code.
/// </summary>
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

    [Fact]
    public void AddConveyorApp_WithoutTheWorkflowsCode_ShouldNameEachWorkflowAndRefuseToRunIt()
    {
        using var provider = Provider(configuration: null);

        var workflows = provider.GetServices<DurableWorkflowRegistration>().ToArray();

        Assert.Equal([DocumentReviewWorkflow.Name, OnboardingWorkflow.Name], workflows.Select(w => w.Name).Order(StringComparer.Ordinal));
        Assert.Equal([DocumentReviewWorkflow.FunctionName, OnboardingWorkflow.FunctionName], workflows.Select(w => w.FunctionName).Order(StringComparer.Ordinal));
        Assert.Null(provider.GetService<IDurableFunction>());
        foreach (var workflow in workflows)
        {
            var error = Assert.Throws<InvalidOperationException>(() => workflow.Function.Value);
            Assert.Contains(workflow.Name, error.Message, StringComparison.Ordinal);
            Assert.Contains(nameof(AppServiceCollectionExtensions.AddConveyorWorkflows), error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AddConveyorWorkflows_WhenResolved_ShouldRunEachWorkflowAndGiveDocumentReviewItsFunction()
    {
        using var provider = Provider(configuration: null, workflows: true);

        var workflows = provider.GetServices<DurableWorkflowRegistration>().ToDictionary(w => w.Name, StringComparer.Ordinal);

        Assert.All(workflows.Values, w => Assert.NotNull(w.Function.Value));
        Assert.NotSame(workflows[OnboardingWorkflow.Name].Function.Value, workflows[DocumentReviewWorkflow.Name].Function.Value);
        Assert.Same(provider.GetRequiredService<IDurableFunction>(), workflows[DocumentReviewWorkflow.Name].Function.Value);
    }

    private static ServiceProvider Provider(IConfiguration? configuration, bool workflows = false)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IObjectStore>(new InMemoryObjectStore());
        services.AddSingleton<INotifier>(new InMemoryNotifier());
        services.AddSingleton<ICommandPublisher>(new InMemoryCommandPublisher(["customer"]));
        services.AddLogging();
        services.AddConveyorApp(configuration);
        if (workflows)
        {
            services.AddConveyorWorkflows();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}
