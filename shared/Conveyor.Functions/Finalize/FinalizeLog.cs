using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Finalize;

/// <summary>Source-generated log messages of <see cref="FinalizeHandler"/>.</summary>
internal static partial class FinalizeLog
{
    [LoggerMessage(1, LogLevel.Error, "The workflow of step-function task {TaskId} failed: {Error}; the task is set to FAILED")]
    public static partial void ExecutionFailed(ILogger logger, string taskId, string error);
}
