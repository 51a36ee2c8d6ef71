using System.Diagnostics.CodeAnalysis;
using System.Runtime.InteropServices;
using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Client;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting.Logging;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Conveyor.Lambda.Hosting;

/// <summary>
/// Wires one function: services, configuration (appsettings.json next to the executable when present, read once, then environment variables), JSON logs, then runs the
/// invoke loop with a handler resolved per invocation from a new DI scope. During init it runs .NET's start-up validation
/// (<see cref="IStartupValidator"/>, which <c>ValidateOnStart</c> registrations feed; Conveyor's functions plug their
/// validated options into it). Anything failing before the first <c>next</c> (container build, start-up validation,
/// startup hooks) is posted as an init error and the process exits non-zero. Register AWS SDK clients as singletons in <see cref="Services"/>.
/// </summary>
public sealed partial class LambdaApplicationBuilder
{
    private readonly LambdaApplicationOptions _options;
    private readonly List<Func<IServiceProvider, CancellationToken, Task>> _startupTasks = [];

    internal LambdaApplicationBuilder(LambdaApplicationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        Environment = options.Environment ?? new SystemEnvironmentVariables();
        TimeProvider = options.TimeProvider ?? TimeProvider.System;
        Function = LambdaFunctionInfo.FromEnvironment(Environment);

        Configuration = new ConfigurationManager();
        if (options.UseAppSettingsFile)
        {
            // Read once, as a stream: AddJsonFile would go through a physical file provider and its globbing, type data
            // the runtime rebuilds at every cold start although the file is read once and never watched (bench/cold-start.sh).
            var settings = Path.Combine(AppContext.BaseDirectory, "appsettings.json");
            if (File.Exists(settings))
            {
                Configuration.AddJsonStream(new MemoryStream(File.ReadAllBytes(settings)));
            }
        }

        Configuration.AddEnvironmentVariables();

        Services = new ServiceCollection();
        Services.AddSingleton<IConfiguration>(Configuration);
        Services.AddSingleton(TimeProvider);
        Services.AddSingleton(Environment);
        Services.AddSingleton(Function);
        // The logger factory is built here rather than by AddLogging, whose factory reads its filters through .NET's
        // options (IOptionsMonitor, IOptionsFactory, IOptionsCache and their IConfigureOptions/IValidateOptions/...
        // enumerables): under Native AOT each of those generic types is built by the type loader when first resolved,
        // which was a large part of every function's init (bench/cold-start.sh); and it is JsonLoggerFactory, not
        // .NET's LoggerFactory, which reflects over its provider for every logger it creates. Same loggers: JSON lines
        // at AWS_LAMBDA_LOG_LEVEL, ILogger<T> for every category.
        Services.AddSingleton<ILoggerFactory>(_ => CreateLoggerFactory());
        Services.TryAdd(ServiceDescriptor.Singleton(typeof(ILogger<>), typeof(Logger<>)));
    }

    public IServiceCollection Services { get; }

    public ConfigurationManager Configuration { get; }

    public IEnvironmentVariables Environment { get; }

    public TimeProvider TimeProvider { get; }

    public LambdaFunctionInfo Function { get; }

    public IReadOnlyList<string> Args => _options.Args;

    /// <summary>Work to do once before the first invocation (warm-up, checks); a failure is an init error.</summary>
    public LambdaApplicationBuilder OnStartup(Func<IServiceProvider, CancellationToken, Task> startup)
    {
        ArgumentNullException.ThrowIfNull(startup);
        _startupTasks.Add(startup);
        return this;
    }

    /// <summary>Runs the function until the runtime stops it; returns (and sets) the process exit code.</summary>
    public int Run<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>()
        where THandler : class, ILambdaFunctionHandler
    {
        var exitCode = RunAsync<THandler>().GetAwaiter().GetResult();
        System.Environment.ExitCode = exitCode;
        return exitCode;
    }

    public async Task<int> RunAsync<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler>(
        CancellationToken cancellationToken = default)
        where THandler : class, ILambdaFunctionHandler
    {
        var runtimeApi = Environment.Get(LambdaEnvironmentVariables.RuntimeApi);
        if (_options.RuntimeApiClient is null && string.IsNullOrWhiteSpace(runtimeApi))
        {
            await Console.Error.WriteLineAsync($"{LambdaEnvironmentVariables.RuntimeApi} is not set: not running inside Lambda or an emulator.");
            return 2;
        }

        using var ownedClient = _options.RuntimeApiClient is null ? RuntimeApiClient.Create(runtimeApi!) : null;
        var client = _options.RuntimeApiClient ?? ownedClient!;

        using var stopping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Lambda sends SIGTERM before shutting a sandbox down; stop polling instead of being killed mid-request.
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
        {
            context.Cancel = true;
            stopping.Cancel();
        });

        ServiceProvider? provider = null;
        Exception? initFailure = null;
        try
        {
            // No ValidateOnBuild: it builds the call sites of every registration — the other functions' handlers too,
            // and each open generic closed at run time by Native AOT's type loader — which was the largest part of a
            // function's init (bench/cold-start.sh). Init still resolves this function's handler (below), so a missing
            // dependency of what it uses is an init error; the test suites build the full containers with ValidateOnBuild.
            provider = Services.BuildServiceProvider(new ServiceProviderOptions { ValidateScopes = true });
        }
        catch (Exception ex)
        {
            initFailure = ex;
        }

        await using var ownedProvider = provider;
        using var fallbackLogs = provider is null ? CreateLoggerFactory() : null;
        var loggerFactory = provider?.GetRequiredService<ILoggerFactory>() ?? fallbackLogs!;
        var bootstrap = new LambdaBootstrap(
            client, Environment, TimeProvider, loggerFactory.CreateLogger<LambdaBootstrap>(), _options.Bootstrap);

        return await bootstrap.RunAsync(
            token => initFailure is null
                ? InitializeAsync<THandler>(provider!, loggerFactory.CreateLogger<LambdaApplicationBuilder>(), token)
                : Task.FromException<LambdaInvocationHandler>(initFailure),
            stopping.Token);
    }

    private async Task<LambdaInvocationHandler> InitializeAsync<THandler>(
        ServiceProvider provider, ILogger logger, CancellationToken cancellationToken)
        where THandler : class, ILambdaFunctionHandler
    {
        if (GcHeapLimit.Check(Environment) is { } gcWarning)
        {
            LogGcHeapLimit(logger, gcWarning);
        }

        provider.GetService<IStartupValidator>()?.Validate();
        await using (var scope = provider.CreateAsyncScope())
        {
            // Resolve once so a missing dependency is an init error, not a failure of every invocation.
            _ = scope.ServiceProvider.GetRequiredService<THandler>();
        }

        foreach (var startup in _startupTasks)
        {
            await startup(provider, cancellationToken);
        }

        LogReady(logger, typeof(THandler).Name);
        return async (payload, context, token) =>
        {
            await using var scope = provider.CreateAsyncScope();
            var handler = scope.ServiceProvider.GetRequiredService<THandler>();
            return await handler.InvokeAsync(payload, context, token);
        };
    }

    /// <summary>JSON lines (<see cref="JsonConsoleLoggerProvider"/>) from <c>AWS_LAMBDA_LOG_LEVEL</c> (Information by default) up.</summary>
    private JsonLoggerFactory CreateLoggerFactory() => new(new JsonConsoleLoggerProvider(new JsonLogOptions
    {
        Output = _options.LogOutput ?? Console.Out,
        TimeProvider = TimeProvider,
        FunctionName = Function.FunctionName,
        MinLevel = JsonLogLevels.Parse(Environment.Get(LambdaEnvironmentVariables.LogLevel), LogLevel.Information),
    }));

    [LoggerMessage(Level = LogLevel.Warning, Message = "GC heap limit: {Warning}")]
    private static partial void LogGcHeapLimit(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Information, Message = "Function ready with handler {Handler}")]
    private static partial void LogReady(ILogger logger, string handler);
}
