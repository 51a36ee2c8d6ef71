using System.Text.Json;
using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.Tests.Fakes;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conveyor.Lambda.Tests.Hosting;

public sealed class LambdaApplicationBuilderTests
{
    private const string MapItemJson = """{"parent":{"pk":"SFN_TASK#t1","sk":"csv#01J"},"index":0}""";

    private readonly FakeRuntimeApiClient _client = new();
    private readonly StringWriter _logs = new();

    private LambdaApplicationBuilder CreateBuilder(int maxInvocations = 1, Dictionary<string, string?>? environment = null) =>
        LambdaApplication.CreateBuilder(new LambdaApplicationOptions
        {
            RuntimeApiClient = _client,
            Environment = new FakeEnvironmentVariables(environment ?? new Dictionary<string, string?>
            {
                ["AWS_LAMBDA_FUNCTION_NAME"] = "MapItem",
            }),
            LogOutput = _logs,
            UseAppSettingsFile = false,
            Bootstrap = new LambdaBootstrapOptions { MaxInvocations = maxInvocations },
        });

    [Fact]
    public async Task RunAsync_WhenHandlerRegistered_ShouldResolveItPerInvocationAndPostResponses()
    {
        _client.Enqueue(MapItemJson);
        _client.Enqueue(MapItemJson);
        var app = CreateBuilder(maxInvocations: 2);
        var created = 0;
        app.Services.AddScoped(_ => { created++; return new EchoHandler(); });

        var exit = await app.RunAsync<EchoHandler>();

        Assert.Equal(0, exit);
        Assert.Equal(2, _client.Responses.Count);
        Assert.Equal(3, created); // once at start-up to prove it resolves, then once per invocation
        Assert.Contains("\"function\":\"MapItem\"", _logs.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenStartupValidationFails_ShouldPostInitErrorAndExitNonZero()
    {
        _client.Enqueue(MapItemJson);
        var app = CreateBuilder();
        app.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Queue:Url"] = "" });
        AddQueueOptions(app);
        app.Services.AddScoped<EchoHandler>();

        var exit = await app.RunAsync<EchoHandler>();

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_client.InitErrors);
        Assert.Equal("OptionsValidationException", error.ErrorType);
        Assert.Contains("Queue URL is required", error.ErrorMessage, StringComparison.Ordinal);
        Assert.Empty(_client.Responses);
        Assert.Equal(0, _client.NextCalls);
    }

    [Fact]
    public async Task RunAsync_WhenOptionsValid_ShouldServeInvocations()
    {
        _client.Enqueue(MapItemJson);
        var app = CreateBuilder();
        app.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Queue:Url"] = "http://queue" });
        AddQueueOptions(app);
        app.Services.AddScoped<EchoHandler>();

        var exit = await app.RunAsync<EchoHandler>();

        Assert.Equal(0, exit);
        Assert.Single(_client.Responses);
        Assert.Empty(_client.InitErrors);
    }

    [Fact]
    public async Task RunAsync_WhenHandlerDependencyMissing_ShouldPostInitError()
    {
        var app = CreateBuilder();
        app.Services.AddScoped<NeedsMissingDependency>();

        var exit = await app.RunAsync<NeedsMissingDependency>();

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_client.InitErrors);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Contains(nameof(IDisposable), error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenTheHandlerIsNotRegistered_ShouldPostInitErrorNamingIt()
    {
        var app = CreateBuilder();

        var exit = await app.RunAsync<EchoHandler>();

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        var error = Assert.Single(_client.InitErrors);
        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Contains(nameof(EchoHandler), error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WhenStartupHookThrows_ShouldPostInitError()
    {
        var app = CreateBuilder();
        app.Services.AddScoped<EchoHandler>();
        app.OnStartup((_, _) => throw new TimeoutException("table not reachable"));

        var exit = await app.RunAsync<EchoHandler>();

        Assert.Equal(LambdaBootstrap.InitErrorExitCode, exit);
        Assert.Equal("TimeoutException", Assert.Single(_client.InitErrors).ErrorType);
    }

    [Fact]
    public async Task RunAsync_WhenMemorySetWithoutHeapLimit_ShouldLogGcWarning()
    {
        _client.Enqueue(MapItemJson);
        var app = CreateBuilder(environment: new Dictionary<string, string?> { ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128" });
        app.Services.AddScoped<EchoHandler>();

        await app.RunAsync<EchoHandler>();

        var warning = _logs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Single(l => l.GetProperty("level").GetString() == "WARN");
        Assert.Contains("0x6000000", warning.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("WARN", false)]
    public async Task RunAsync_WhenLambdaLogLevelSet_ShouldWriteOnlyEntriesAtOrAboveIt(string? level, bool infoWritten)
    {
        _client.Enqueue(MapItemJson);
        var app = CreateBuilder(environment: new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_FUNCTION_NAME"] = "MapItem",
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = "128", // no heap limit: the host warns during init
            ["AWS_LAMBDA_LOG_LEVEL"] = level,
        });
        app.Services.AddScoped<EchoHandler>();
        using var scratch = app.Services.BuildServiceProvider();
        var logger = scratch.GetRequiredService<Microsoft.Extensions.Logging.ILogger<EchoHandler>>();

        await app.RunAsync<EchoHandler>();

        var levels = _logs.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.GetProperty("level").GetString())
            .ToList();
        Assert.Contains("WARN", levels);
        Assert.Equal(infoWritten, levels.Contains("INFO"));
        Assert.DoesNotContain("DEBUG", levels);
        Assert.Equal(infoWritten, logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Information));
        Assert.True(logger.IsEnabled(Microsoft.Extensions.Logging.LogLevel.Warning));
    }

    [Theory]
    [InlineData("128", null, true)]
    [InlineData("128", "0x6000000", false)]
    [InlineData("128", "6000000", false)]
    [InlineData("128", "lots", true)]
    [InlineData(null, null, false)]
    [InlineData("512", null, false, "0x4B")]
    [InlineData("512", null, true, "0x65")]
    [InlineData("512", null, true, "0")]
    [InlineData("512", "0x18000000", false, "75%")]
    [InlineData("512", null, true, "75%")]
    public void Check_WhenMemoryAndHeapLimitVary_ShouldWarnOnlyWhenCapMissingOrInvalid(string? memory, string? limit, bool warns, string? percent = null)
    {
        var environment = new FakeEnvironmentVariables(new Dictionary<string, string?>
        {
            ["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memory,
            ["DOTNET_GCHeapHardLimit"] = limit,
            ["DOTNET_GCHeapHardLimitPercent"] = percent,
        });

        Assert.Equal(warns, GcHeapLimit.Check(environment) is not null);
    }

    /// <summary>.NET's own start-up validation, the hook the host runs during init: bound options, a validator, ValidateOnStart.</summary>
    private static void AddQueueOptions(LambdaApplicationBuilder app)
    {
        app.Services.AddOptions<QueueOptions>().Configure<IConfiguration>((o, c) => o.Url = c["Queue:Url"] ?? "").ValidateOnStart();
        app.Services.AddSingleton<IValidateOptions<QueueOptions>, QueueOptionsValidator>();
    }

    public sealed class QueueOptions
    {
        public string Url { get; set; } = "";
    }

    public sealed class QueueOptionsValidator : IValidateOptions<QueueOptions>
    {
        public ValidateOptionsResult Validate(string? name, QueueOptions options) =>
            string.IsNullOrEmpty(options.Url) ? ValidateOptionsResult.Fail("Queue URL is required") : ValidateOptionsResult.Success;
    }

    public sealed class NeedsMissingDependency(IServiceScopeFactory scopes, IDisposable missing) : ILambdaFunctionHandler
    {
        public Task<ReadOnlyMemory<byte>> InvokeAsync(
            ReadOnlyMemory<byte> payload, Conveyor.Lambda.Context.ILambdaContext context, CancellationToken cancellationToken) =>
            Task.FromResult<ReadOnlyMemory<byte>>(scopes is null || missing is null ? default : payload);
    }
}
