using System.Collections.Concurrent;
using Functions.EndToEnd.Tests.Iam;
using Conveyor.Testing.Lambda;
using Conveyor.Testing.Moto;

namespace Functions.EndToEnd.Tests.Infrastructure;

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
        ["DocumentReview"] = "document-review",
    };

    private readonly ConcurrentDictionary<string, Lazy<RunningFunction>> _functions = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, RecordingAwsProxy> _proxies = new(StringComparer.Ordinal);
    private readonly LambdaDurableApiFake _durable = new();
    private MotoServer? _moto;
    private ConveyorStack? _stack;

    public MotoServer Moto => _moto ?? throw new InvalidOperationException("Not started.");

    public ConveyorStack Stack => _stack ?? throw new InvalidOperationException("Not started.");

    public TaskRows Tasks => new(Stack.DynamoDb);

    /// <summary>
    /// Where the functions' Lambda calls go (moto has no durable execution API): the documented operations served with
    /// the service's rules; a test plays Lambda's invoker, or hands checkpoints to its own service (<see cref="LambdaDurableApiFake.Serve"/>).
    /// </summary>
    public LambdaDurableApiFake DurableService => _durable;

    public async Task InitializeAsync()
    {
        IamActionOf.CallbackExecutions = _durable.ExecutionOfCallback;
        _moto = await MotoServer.StartAsync();
        _stack = new ConveyorStack(_moto);
        await _stack.CreateAsync(CancellationToken.None);
    }

    /// <summary>Empties moto and recreates the template's resources.</summary>
    public async Task ResetAsync()
    {
        await Moto.ResetAsync();
        await Stack.CreateAsync(CancellationToken.None);
        _durable.Reset();
    }

    /// <summary>The warm process of <paramref name="name"/> (<c>FileTrigger</c>, <c>TaskWorker</c>, …).</summary>
    public RunningFunction Function(string name) =>
        _functions.GetOrAdd(name, n => new Lazy<RunningFunction>(() =>
            RunningFunction.Start(n, DeployedName(n), EnvironmentThroughRecorder(n)))).Value;

    /// <summary>
    /// The template's environment for <paramref name="name"/>, its AWS calls going to moto through a
    /// <see cref="RecordingAwsProxy"/> that notes every permission they need (see <see cref="IamEvidence"/>).
    /// </summary>
    public Dictionary<string, string> EnvironmentThroughRecorder(string name)
    {
        var proxy = _proxies.GetOrAdd(name, _ => new RecordingAwsProxy(
            Moto.Endpoint, new Dictionary<string, Uri>(StringComparer.Ordinal) { ["lambda"] = _durable.Endpoint }));
        var environment = Stack.FunctionEnvironment();
        environment["AWS_ENDPOINT_URL"] = proxy.Endpoint.ToString();
        environment["CONVEYOR__ENDPOINTURL"] = proxy.Endpoint.ToString();
        if (name == "FileTrigger")
        {
            // template.yaml's FileTrigger Environment: an uploaded document starts document-review.
            environment["CONVEYOR__APP__REVIEWDOCUMENTS"] = "true";
        }

        return environment;
    }

    /// <summary>Permissions the functions used that iam-evidence.json does not list, as readable lines (empty when none).</summary>
    public IReadOnlyList<string> UnlistedPermissions() =>
        [.. _proxies.OrderBy(p => p.Key, StringComparer.Ordinal).SelectMany(p => IamEvidence.Unlisted(p.Key, p.Value.Permissions).Select(u => $"{p.Key}: {u}"))];

    /// <summary>The function's name as template.yaml deploys it (<c>conveyor-dev-file-trigger</c> for <c>FileTrigger</c>).</summary>
    public static string DeployedName(string name) => $"conveyor-{ConveyorStack.Stage}-{DeployedSuffixes[name]}";

    public async Task DisposeAsync()
    {
        foreach (var function in _functions.Values.Where(f => f.IsValueCreated))
        {
            await function.Value.DisposeAsync();
        }

        if (Environment.GetEnvironmentVariable("CONVEYOR_IAM_EVIDENCE_OUT") is { Length: > 0 } evidenceOut)
        {
            IamEvidence.Write(evidenceOut, _proxies.ToDictionary(p => p.Key, p => p.Value.Permissions, StringComparer.Ordinal));
        }

        foreach (var proxy in _proxies.Values)
        {
            await proxy.DisposeAsync();
        }

        if (_moto is not null)
        {
            await _moto.DisposeAsync();
        }

        await _durable.DisposeAsync();
    }
}
