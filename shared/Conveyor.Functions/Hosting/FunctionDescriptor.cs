using System.Diagnostics.CodeAnalysis;
using System.Text;
using Conveyor.Functions.Invocation;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conveyor.Functions.Hosting;

/// <summary>
/// A function, described once, next to its handler (a <c>Function</c> property on the handler class): its name, handler,
/// trigger and timeout. From it follow the function's executable (<see cref="RunAsync"/>: its Program.cs registers and
/// runs this handler only), the registration of every handler where all functions run in one process
/// (<see cref="ServiceCollectionExtensions.AddConveyorFunctions(IServiceCollection, FunctionsOptions)"/>), the CLI's
/// <c>invoke</c> catalog, the embedded engine's wiring (function names, the state machine's in-process functions, the
/// check that every trigger has an event source) and the test that template.yaml agrees.
/// </summary>
/// <remarks>
/// <see cref="Name"/> is the folder <c>functions/&lt;Name&gt;/</c>, the executable (the template's <c>Handler</c>), and
/// the template resource <c>&lt;Name&gt;Function</c> whose <c>FunctionName</c> ends in <see cref="Suffix"/>.
/// </remarks>
public sealed class FunctionDescriptor
{
    private readonly Action<IServiceCollection> _register;
    private readonly Func<IServiceProvider, string, InProcessFunction> _resolve;
    private readonly Func<LambdaApplicationBuilder, CancellationToken, Task<int>> _runAsync;

    private FunctionDescriptor(
        string name,
        Type handlerType,
        FunctionTrigger trigger,
        TimeSpan timeout,
        Action<IServiceCollection> register,
        Func<IServiceProvider, string, InProcessFunction> resolve,
        Func<LambdaApplicationBuilder, CancellationToken, Task<int>> runAsync)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (timeout <= TimeSpan.Zero || timeout > TimeSpan.FromMinutes(15))
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "A Lambda timeout is between 1 second and 15 minutes.");
        }

        Name = name;
        HandlerType = handlerType;
        Trigger = trigger;
        Timeout = timeout;
        Suffix = KebabCase(name);
        _register = register;
        _resolve = resolve;
        _runAsync = runAsync;
    }

    /// <summary>The folder, executable and template Handler, e.g. <c>TaskWorker</c>.</summary>
    public string Name { get; }

    /// <summary>The handler class (an <see cref="ILambdaHandler{TEvent, TResponse}"/>), registered as a singleton.</summary>
    public Type HandlerType { get; }

    public FunctionTrigger Trigger { get; }

    /// <summary>The template's <c>Timeout</c> (the Globals default when the resource sets none).</summary>
    public TimeSpan Timeout { get; }

    /// <summary>The end of the deployed name <c>conveyor-&lt;stage&gt;-&lt;suffix&gt;</c>, e.g. <c>task-worker</c>.</summary>
    public string Suffix { get; }

    /// <summary>The template resource, also the key of its section in an env-vars file: <c>&lt;Name&gt;Function</c>.</summary>
    public string LogicalId => Name + "Function";

    /// <summary>The name the embedded engine runs it under: <c>conveyor-local-&lt;suffix&gt;</c>.</summary>
    public string LocalName => "conveyor-local-" + Suffix;

    /// <summary>
    /// Describes the function whose handler is <typeparamref name="THandler"/>, made by <paramref name="create"/> from the
    /// container: a factory rather than the type, because the container finds a type's constructor and parameters by
    /// reflection, which Native AOT serves slowly during init (bench/cold-start.sh).
    /// </summary>
    public static FunctionDescriptor For<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] THandler, TEvent, TResponse>(
        string name, FunctionTrigger trigger, TimeSpan timeout, Func<IServiceProvider, THandler> create)
        where THandler : class, ILambdaHandler<TEvent, TResponse>
    {
        ArgumentNullException.ThrowIfNull(create);
        return new(
            name,
            typeof(THandler),
            trigger,
            timeout,
            services => services.TryAddSingleton(create),
            (provider, functionName) => InProcessFunction.Create(functionName, provider.GetRequiredService<THandler>()),
            (app, cancellationToken) => app.RunAsync<THandler>(cancellationToken));
    }

    /// <summary>Registers the handler (a singleton: handlers keep no per-invocation state).</summary>
    public void Register(IServiceCollection services) => _register(services);

    /// <summary>
    /// This function's Lambda executable (its Program.cs): registers this handler, and no other, in <paramref name="app"/>
    /// and runs it until the runtime stops it (<see cref="LambdaApplicationBuilder.RunAsync{THandler}"/>); returns the
    /// process exit code.
    /// </summary>
    public Task<int> RunAsync(LambdaApplicationBuilder app, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(app);
        Register(app.Services);
        return _runAsync(app, cancellationToken);
    }

    /// <summary>The handler from <paramref name="services"/>, callable with a JSON payload under <see cref="LocalName"/>.</summary>
    public InProcessFunction Resolve(IServiceProvider services) => _resolve(services, LocalName);

    public override string ToString() => $"{Name} ({Trigger}, {Timeout.TotalSeconds:0}s)";

    private static string KebabCase(string name)
    {
        var text = new StringBuilder(name.Length + 4);
        for (var i = 0; i < name.Length; i++)
        {
            if (char.IsUpper(name[i]) && i > 0)
            {
                text.Append('-');
            }

            text.Append(char.ToLowerInvariant(name[i]));
        }

        return text.ToString();
    }
}
