using Conveyor.App;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Functions.DocumentReview;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Functions.Tests.Handlers;

/// <summary>
/// A function executable's init, wired as its Program.cs wires it (the shared services, then its descriptor registers and
/// runs its own handler). Settings read from configuration are checked when the function starts, inside the Lambda
/// host's init: a missing one is posted as an init error naming its variable instead of killing the process while
/// Program.cs wires.
/// </summary>
public sealed class FunctionsInitTests
{
    private readonly InitOnlyRuntimeApiClient _runtime = new();

    [Theory]
    [InlineData("ArtifactsBucket", "", "CONVEYOR__ARTIFACTSBUCKET")]
    [InlineData("MaxAttempts", "0", "CONVEYOR__MAXATTEMPTS")]
    [InlineData("MaxAttempts", "many", "Conveyor:MaxAttempts")]
    [InlineData("App:ReviewDocuments", "yes", "CONVEYOR__APP__REVIEWDOCUMENTS")]
    [InlineData("App:Tenant", "a#b", "CONVEYOR__APP__TENANT")]
    public async Task RunAsync_WhenASettingIsMissingOrInvalid_ShouldPostAnInitErrorNamingIt(string key, string value, string named)
    {
        // Api's handler never asks for FunctionsOptions or AppOptions: only the start-up validation can catch the setting.
        var app = CreateFunction(new() { [$"Conveyor:{key}"] = value });

        var exit = await ApiHandler.Function.RunAsync(app);

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_runtime.InitErrors);
        Assert.Equal(nameof(ValidationException), error.ErrorType);
        Assert.Contains(named, error.ErrorMessage, StringComparison.Ordinal);
        Assert.Equal(0, _runtime.NextCalls);
    }

    [Fact]
    public async Task RunAsync_WhenSettingsOfSeveralOptionsAreInvalid_ShouldNameThemAllInOneInitError()
    {
        var app = CreateFunction(new() { ["Conveyor:ArtifactsBucket"] = "", ["Conveyor:App:ReviewDocuments"] = "yes" });

        var exit = await ApiHandler.Function.RunAsync(app);

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_runtime.InitErrors);
        Assert.Equal(nameof(ValidationException), error.ErrorType);
        Assert.Contains("CONVEYOR__ARTIFACTSBUCKET", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Contains("CONVEYOR__APP__REVIEWDOCUMENTS", error.ErrorMessage, StringComparison.Ordinal);
    }

    public static TheoryData<string> Functions() => new(FunctionDescriptors.All.Select(f => f.Name));

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task RunAsync_WhenEverySettingIsValid_ShouldStartWithOnlyItsOwnHandler(string name)
    {
        var function = FunctionDescriptors.Find(name)!;
        var app = CreateFunction([]);
        if (function == DocumentReviewHandler.Function)
        {
            // As its Program.cs: the one function that runs a workflow registers the workflows' code.
            app.Services.AddConveyorWorkflows();
        }

        var exit = await function.RunAsync(app);

        Assert.Equal(0, exit);
        Assert.Empty(_runtime.InitErrors);
        // Under Native AOT every registered handler is compiled into the executable with all it calls (bench/cold-start.sh).
        var registered = FunctionDescriptors.All.Where(f => app.Services.Any(d => d.ServiceType == f.HandlerType));
        Assert.Equal([function], registered);
    }

    [Fact]
    public void AddConveyorFunctions_WhenConfiguredSettingIsMissing_ShouldFailOnFirstResolveNotWhileWiring()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Conveyor:Service"] = "svc" }).Build();
        var services = new ServiceCollection();

        services.AddConveyorFunctions(configuration);
        using var provider = services.BuildServiceProvider();
        var error = Assert.Throws<ValidationException>(provider.GetRequiredService<FunctionsOptions>);

        Assert.Contains("CONVEYOR__ARTIFACTSBUCKET", error.Message, StringComparison.Ordinal);
    }

    private LambdaApplicationBuilder CreateFunction(Dictionary<string, string?> overrides)
    {
        var app = LambdaApplication.CreateBuilder(new LambdaApplicationOptions
        {
            RuntimeApiClient = _runtime,
            LogOutput = new StringWriter(),
            UseAppSettingsFile = false,
            Bootstrap = new LambdaBootstrapOptions { MaxInvocations = 0 },
        });
        var settings = new Dictionary<string, string?>
        {
            ["Conveyor:Service"] = "conveyor",
            ["Conveyor:ArtifactsBucket"] = FunctionsHarness.ArtifactsBucket,
            ["Conveyor:Buckets:ProfilePicturesBucket"] = FunctionsHarness.ProfilePicturesBucket,
            ["Conveyor:Buckets:DocumentsBucket"] = FunctionsHarness.DocumentsBucket,
            ["Conveyor:Buckets:CsvImportBucket"] = FunctionsHarness.CsvImportBucket,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        // Added after the environment variables, so these win over anything set on the machine running the tests.
        app.Configuration.AddInMemoryCollection(settings);
        app.Services
            .AddSingleton<ITaskStore>(new InMemoryTaskStore())
            .AddSingleton<INotifier>(new InMemoryNotifier())
            .AddSingleton<ITaskQueue>(new InMemoryTaskQueue())
            .AddSingleton<IDeadLetterQueue>(new InMemoryDeadLetterQueue())
            .AddSingleton<IWorkflowStarter>(new InMemoryWorkflowStarter())
            .AddSingleton<IObjectStore>(new InMemoryObjectStore())
            .AddSingleton<ICommandPublisher>(new InMemoryCommandPublisher(["customer"]))
            .AddSingleton<IScheduleService>(new InMemoryScheduleService())
            .AddSingleton<Conveyor.Durable.Protocol.IDurableServiceClient>(new Conveyor.Durable.Testing.InMemoryDurableService(TimeProvider.System))
            .AddSingleton<ITaskImageDecoder, TaskJsonImageDecoder>()
            .AddConveyorFunctionServices(app.Configuration)
            .AddConveyorApp(app.Configuration);
        return app;
    }
}
