using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Services;

/// <summary>What accompanies a status change: the result (COMPLETED/FINISHED) or the error (required for FAILED/ERRORED).</summary>
public sealed record TaskStatusDetails(JsonElement? Result = null, TaskError? Error = null);
