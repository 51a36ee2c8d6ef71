using Microsoft.Extensions.Logging;

namespace Conveyor.Durable.Runtime;

/// <summary>Forwards to the function's logger except while the workflow replays, so each line is written once per execution.</summary>
internal sealed class ReplayAwareLogger(ILogger inner, Func<bool> isReplaying, bool logWhileReplaying) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => inner.BeginScope(state);

    public bool IsEnabled(LogLevel logLevel) => (logWhileReplaying || !isReplaying()) && inner.IsEnabled(logLevel);

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            inner.Log(logLevel, eventId, state, exception, formatter);
        }
    }
}
