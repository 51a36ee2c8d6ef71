using Conveyor.States.History;
using Conveyor.States.Items;
using Conveyor.States.Tasks;

namespace Conveyor.States.Execution;

/// <summary>How executions run: task and item resolvers, observer, clock and waiting behaviour.</summary>
public sealed record StateMachineRunnerOptions
{
    /// <summary>Runs Task resources. Without one, Task states fail with States.Runtime (no resolver).</summary>
    public ITaskResourceInvoker? TaskInvoker { get; init; }

    /// <summary>Reads items for a distributed Map's ItemReader.</summary>
    public IItemReader? ItemReader { get; init; }

    /// <summary>Writes a distributed Map's results when it has a ResultWriter.</summary>
    public IResultWriter? ResultWriter { get; init; }

    public IExecutionObserver? Observer { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Wait states and retry intervals take no time.</summary>
    public bool NoWait { get; init; }

    /// <summary>Used in <c>$$.StateMachine.Name</c> and ARNs.</summary>
    public string StateMachineName { get; init; } = "StateMachine";

    /// <summary>Upper bound on concurrent iterations when MaxConcurrency is 0 (unbounded).</summary>
    public int UnboundedMapConcurrency { get; init; } = 64;
}
