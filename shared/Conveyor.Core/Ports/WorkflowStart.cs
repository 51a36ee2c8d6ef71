using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>What to start: the parent task, a deterministic execution name (see <see cref="Tasks.ExecutionNames"/>) and the input.</summary>
public sealed record WorkflowStart(TaskKey TaskKey, string ExecutionName, JsonElement Input);
