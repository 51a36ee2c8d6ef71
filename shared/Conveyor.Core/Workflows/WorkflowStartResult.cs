using Conveyor.Core.Tasks;

namespace Conveyor.Core.Workflows;

/// <summary>A started (or, when <see cref="Created"/> is false, an already started: a repeated start of its name) workflow execution and the task tracking it.</summary>
public sealed record WorkflowStartResult(TrackedTask Task, string ExecutionName, string ExecutionArn, bool Created);
