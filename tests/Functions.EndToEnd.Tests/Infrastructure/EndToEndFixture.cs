using System.Collections.Concurrent;
using Conveyor.Testing.Moto;

namespace Conveyor.Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// One moto_server and one warm process per function for the whole suite (started on first use). Each test begins with
/// <see cref="ResetAsync"/>: moto forgets everything and the template's resources are created again under the same
/// names, so the running functions keep working and every test starts from empty resources.
/// </summary>
public sealed class EndToEndFixture : IAsyncLifetime
{
    private static readonly Dictionary<string, string> DeployedSuffixes = new(StringComparer.Ordinal)
    {
        ["FileTrigger"] = "file-trigger",
        ["TaskWorker"] = "task-worker",
        ["StreamFanOut"] = "stream-fan-out",
        ["MapItem"] = "map-item",
        ["Finalize"] = "finalize",
        ["ScheduleTarget"] = "schedule-target",
        ["Api"] = "api",
    };

    private readonly ConcurrentDictionary<string, Lazy<RunningFunction>> _functions = new(StringComparer.Ordinal);
    private MotoServer? _moto;
    private ConveyorStack? _stack;

    public MotoServer Moto => _moto ?? throw new InvalidOperationException("Not started.");

    public ConveyorStack Stack => _stack ?? throw new InvalidOperationException("Not started.");

    public TaskRows Tasks => new(Stack.DynamoDb);

    public async Task InitializeAsync()
    {
        _moto = await MotoServer.StartAsync();
        _stack = new ConveyorStack(_moto);
        await _stack.CreateAsync(CancellationToken.None);
    }

    /// <summary>Empties moto and recreates the template's resources.</summary>
    public async Task ResetAsync()
    {
        await Moto.ResetAsync();
        await Stack.CreateAsync(CancellationToken.None);
    }

    /// <summary>The warm process of <paramref name="name"/> (<c>FileTrigger</c>, <c>TaskWorker</c>, …).</summary>
    public RunningFunction Function(string name) =>
        _functions.GetOrAdd(name, n => new Lazy<RunningFunction>(() =>
            RunningFunction.Start(n, $"conveyor-{ConveyorStack.Stage}-{DeployedSuffixes[n]}", Stack.FunctionEnvironment()))).Value;

    public async Task DisposeAsync()
    {
        foreach (var function in _functions.Values.Where(f => f.IsValueCreated))
        {
            await function.Value.DisposeAsync();
        }

        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }
    }
}
