using Conveyor.Core.Files;
using Conveyor.Core.Processing;
using Conveyor.Core.Validation;
using Conveyor.Functions.Api;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Processing;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;
using Conveyor.Functions.Tests.Support;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conveyor.Functions.Tests.Handlers;

public sealed class ServiceCollectionExtensionsTests
{
    [Fact]
    public void AddConveyorFunctions_WhenWiredWithEveryPort_ShouldResolveEveryHandler()
    {
        using var harness = new FunctionsHarness();

        Assert.NotNull(harness.Get<FileTriggerHandler>());
        Assert.NotNull(harness.Get<StreamFanOutHandler>());
        Assert.NotNull(harness.Get<TaskWorkerHandler>());
        Assert.NotNull(harness.Get<MapItemHandler>());
        Assert.NotNull(harness.Get<FinalizeHandler>());
        Assert.NotNull(harness.Get<ScheduleTargetHandler>());
        Assert.NotNull(harness.Get<ApiHandler>());
        Assert.Equal(["csv-import", "echo", "process-document"], harness.Get<TaskProcessorRegistry>().TaskTypes);
        Assert.Equal(["ProfilePictures", "Documents", "CsvImport"], harness.Get<FileTaskRegistry>().All.Select(b => b.Task.Name));
    }

    [Theory]
    [InlineData("", 5, "ArtifactsBucket")]
    [InlineData("artifacts", 0, "MaxAttempts")]
    public void AddConveyorFunctions_WhenOptionsAreInvalid_ShouldFailAtStartUp(string artifacts, int maxAttempts, string named)
    {
        var options = FunctionsHarness.Options with { ArtifactsBucket = artifacts, MaxAttempts = maxAttempts };
        using var provider = new ServiceCollection().AddConveyorFunctions(options).BuildServiceProvider();

        // The hosts' start hook (the Lambda host's init, the engine's start): .NET's start-up validation.
        var error = Assert.Throws<ValidationException>(provider.GetRequiredService<IStartupValidator>().Validate);

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void StartupValidation_WithValidateOnStartRegisteredBeforeOrAfter_ShouldRunBoth(bool before)
    {
        ServiceProvider Build(FunctionsOptions options)
        {
            var services = new ServiceCollection();
            if (before)
            {
                AddQueueOptionsValidatedOnStart(services);
            }

            services.AddConveyorFunctions(options);
            if (!before)
            {
                AddQueueOptionsValidatedOnStart(services);
            }

            return services.BuildServiceProvider();
        }

        using var invalid = Build(FunctionsHarness.Options with { MaxAttempts = 0 });
        using var valid = Build(FunctionsHarness.Options);

        // Conveyor's settings first; once they are valid, .NET's own ValidateOnStart still runs.
        var conveyor = Assert.Throws<ValidationException>(invalid.GetRequiredService<IStartupValidator>().Validate);
        Assert.Contains("MaxAttempts", conveyor.Message, StringComparison.Ordinal);
        var dotnet = Assert.Throws<OptionsValidationException>(valid.GetRequiredService<IStartupValidator>().Validate);
        Assert.Contains("Queue URL missing", dotnet.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void StartupValidation_WhenAddedTwice_ShouldValidateOnce()
    {
        var services = new ServiceCollection().AddConveyorFunctions(FunctionsHarness.Options).AddConveyorFunctions(FunctionsHarness.Options);

        Assert.Single(services, d => d.ServiceType == typeof(IStartupValidator) && !d.IsKeyedService);
    }

    [Fact]
    public void FromConfiguration_WhenSetThroughEnvironmentStyleKeys_ShouldReadEverySetting()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["CONVEYOR:SERVICE"] = "svc",
            ["CONVEYOR:ARTIFACTSBUCKET"] = "art",
            ["CONVEYOR:MAXATTEMPTS"] = "7",
            ["CONVEYOR:BUCKETS:PROFILEPICTURESBUCKET"] = "pp-physical",
        }).Build();

        var options = FunctionsOptions.FromConfiguration(configuration);

        Assert.Equal("svc", options.ServiceName);
        Assert.Equal("art", options.ArtifactsBucket);
        Assert.Equal(7, options.MaxAttempts);
        Assert.Equal("pp-physical", options.Buckets["ProfilePicturesBucket"]);
    }

    [Fact]
    public void Resolve_WhenTwoHandlersClaimOneType_ShouldFailNamingTheType()
    {
        using var harness = new FunctionsHarness(services => services.AddSingleton<ITaskProcessor>(new CountingProcessor("echo")));

        var error = Assert.Throws<DuplicateTaskProcessorException>(() => harness.Get<TaskWorkerHandler>());

        Assert.Equal("echo", error.TaskType);
    }

    [Fact]
    public void Resolve_WhenAFileTaskBucketIsNotConfigured_ShouldFailTheFileTriggerAtStartUp()
    {
        var options = FunctionsHarness.Options with { Buckets = new Dictionary<string, string> { ["ProfilePicturesBucket"] = "pp" } };
        using var harness = new FunctionsHarness(options: options);

        var error = Assert.Throws<BucketNotConfiguredException>(() => harness.Get<FileTriggerHandler>());

        Assert.Equal("DocumentsBucket", error.LogicalName);
        Assert.NotNull(harness.Get<TaskWorkerHandler>());
    }

    private static IServiceCollection AddQueueOptionsValidatedOnStart(IServiceCollection services)
    {
        services.AddOptions<QueueOptions>().Validate(o => o.Url.Length > 0, "Queue URL missing").ValidateOnStart();
        return services;
    }

    private sealed class QueueOptions
    {
        public string Url { get; set; } = "";
    }
}
