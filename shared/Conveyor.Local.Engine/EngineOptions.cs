using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Local.Engine;

/// <summary>How <c>conveyor up</c> runs: where, on which port, how many handlers at once, how patiently.</summary>
public sealed record EngineOptions : IValidatedOptions<EngineOptions>
{
    public const int DefaultPort = 8080;

    /// <summary>The engine folder (buckets, database); default <c>./.conveyor</c>.</summary>
    public string Directory { get; init; } = ".conveyor";

    /// <summary>HTTP port on 127.0.0.1 for the API and dashboard; 0 picks a free port; null serves no HTTP.</summary>
    public int? Port { get; init; } = DefaultPort;

    /// <summary>
    /// Handler invocations in flight per event source: task-queue workers, concurrent Map items across all workflows,
    /// change-feed partitions and bucket events of distinct keys. Default: twice the processor count, at least 4.
    /// </summary>
    public int Workers { get; init; } = Math.Max(4, Environment.ProcessorCount * 2);

    /// <summary>
    /// Durable workflow invocations in flight (<c>--durable-invocations</c>; default
    /// <see cref="Conveyor.Local.Durable.DurableInvocationPump.DefaultConcurrency"/>). Not bound to the processors: an
    /// invocation mostly waits for its checkpoints, and checkpoints that wait together share one SQLite transaction.
    /// </summary>
    public int DurableInvocations { get; init; } = Conveyor.Local.Durable.DurableInvocationPump.DefaultConcurrency;

    /// <summary>Step-function workflows executing at once (each runs its Map items within <see cref="Workers"/>).</summary>
    public int MaxConcurrentWorkflows { get; init; } = 4;

    /// <summary>Turn off to feed bucket events by hand (tests).</summary>
    public bool WatchBuckets { get; init; } = true;

    /// <summary>How long a received task-queue message stays hidden (the SQS visibility timeout; also the handler budget).</summary>
    public TimeSpan VisibilityTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Deliveries of a change-feed record, bucket event or schedule firing before it is dead-lettered.</summary>
    public int MaxDeliveries { get; init; } = 5;

    /// <summary>Idle polling period of the loops (they are also woken in-process as soon as work is written).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>After Ctrl+C, how long in-flight handlers may finish before they are cancelled and their work released.</summary>
    public TimeSpan ShutdownGrace { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a dropped file must stay unchanged before it is reported (default 500 ms).</summary>
    public TimeSpan? StabilityInterval { get; init; }

    /// <summary>The tenant of tasks created from files and schedules (<c>Conveyor:App:Tenant</c>).</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>The state machine run for step-function tasks; default <c>statemachines/step-function-task.asl.json</c> next to the executable.</summary>
    public string? StateMachinePath { get; init; }

    /// <summary>Which notification bodies are recorded: Conveyor's (default), MBC's or both (<c>--notification-format</c>).</summary>
    public Core.Notifications.NotificationFormat NotificationFormat { get; init; } = Core.Notifications.NotificationFormat.Conveyor;

    /// <summary>
    /// The application: registers its file tasks (<c>IFileTask</c>) and task processors (<c>ITaskProcessor</c>), as each Lambda
    /// function's Program.cs does; the engine derives its buckets from the file tasks. The CLI passes <c>AddConveyorApp</c> and <c>AddConveyorWorkflows</c> (the durable workflows the engine runs);
    /// without one the engine runs with no file tasks and no task types.
    /// </summary>
    public Action<IServiceCollection, IConfiguration>? Application { get; init; }

    /// <summary>Tokens on the local API (HS256 secret, whether one is required); null: no tokens, every request names its tenant.</summary>
    public Http.LocalApiAuth? ApiAuth { get; init; }

    /// <summary>
    /// How durable workflows reach their service. Null (default): in process. Set: the engine also serves
    /// <c>CheckpointDurableExecution</c> and <c>GetDurableExecutionState</c> on its loopback port
    /// (<see cref="Http.DurableApiEndpoints"/>) and workflows call them through the client this makes for the server's
    /// address — the CLI's <c>--durable-api http</c> passes the SigV4 client the functions use on Lambda. Needs <see cref="Port"/>.
    /// </summary>
    public Func<Uri, Conveyor.Durable.Protocol.IDurableServiceClient>? DurableApi { get; init; }

    /// <summary>Extra registrations after the engine's own (tests replace or add handlers here).</summary>
    public Action<IServiceCollection>? ConfigureServices { get; init; }

    /// <summary>
    /// Checks the values once, first thing when the engine starts (they say where it runs, so before anything else); the
    /// options in the engine's container are checked right after it is built (<see cref="ValidatedOptions"/>).
    /// </summary>
    /// <exception cref="ValidationException">A value is invalid; the message names its CLI option or environment variable.</exception>
    public EngineOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(Directory)) { throw new ValidationException("--dir must name a folder.", nameof(Directory)); }
        if (Port is < 0 or > 65535) { throw new ValidationException($"--port must be 0–65535; got {Port}.", nameof(Port)); }
        if (Workers is < 1 or > 256) { throw new ValidationException($"--workers must be 1–256; got {Workers}.", nameof(Workers)); }
        if (DurableInvocations is < 1 or > 1024) { throw new ValidationException($"--durable-invocations must be 1–1024; got {DurableInvocations}.", nameof(DurableInvocations)); }
        if (MaxConcurrentWorkflows < 1) { throw new ValidationException("At least one workflow must be allowed to run.", nameof(MaxConcurrentWorkflows)); }
        if (MaxDeliveries < 1) { throw new ValidationException("MaxDeliveries must be at least 1.", nameof(MaxDeliveries)); }
        if (DurableApi is not null && Port is null) { throw new ValidationException("--durable-api http serves the durable execution API on the engine's HTTP port; do not turn HTTP off.", nameof(DurableApi)); }
        ApiAuth?.Validate();
        return this;
    }
}
