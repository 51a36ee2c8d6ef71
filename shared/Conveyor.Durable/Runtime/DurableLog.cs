using Microsoft.Extensions.Logging;

namespace Conveyor.Durable.Runtime;

internal static partial class DurableLog
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Step {Step} attempt {Attempt} failed ({Error}); retrying in {Delay}")]
    public static partial void StepRetrying(ILogger logger, string step, int attempt, string error, TimeSpan delay);

    [LoggerMessage(EventId = 2, Level = LogLevel.Debug, Message = "Durable execution {Arn} suspended after {Calls} checkpoint calls")]
    public static partial void Suspended(ILogger logger, string arn, int calls);

    [LoggerMessage(EventId = 3, Level = LogLevel.Warning, Message = "Durable workflow failed: {Message}")]
    public static partial void WorkflowFailed(ILogger logger, Exception error, string message);
}
