using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine.Workflows;

/// <summary>A durable workflow execution: RUNNING until the interpreter ends it (SUCCEEDED, FAILED, TIMED_OUT).</summary>
/// <param name="Starts">How many times an engine began executing it (more than 1 after a crash or restart).</param>
public sealed record WorkflowRun(string ExecutionName, TaskKey TaskKey, string Input, string Status, int Starts, DateTimeOffset CreatedAt)
{
    public const string Running = "RUNNING";
}
