using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>
/// The Lambda host's logger factory: one output (<see cref="JsonConsoleLoggerProvider"/>) and one filter, the minimum
/// level from <c>AWS_LAMBDA_LOG_LEVEL</c>. Not .NET's <see cref="LoggerFactory"/>: to match filter rules by provider alias
/// it reads each provider's <c>[ProviderAlias]</c> by reflection for every category it creates a logger for, which
/// Native AOT serves slowly, and every adapter creates its logger during a function's init (bench/cold-start.sh).
/// The host has no filter rules and no other provider, so <see cref="AddProvider"/> is not supported.
/// </summary>
internal sealed class JsonLoggerFactory(JsonConsoleLoggerProvider provider) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName)
    {
        ArgumentNullException.ThrowIfNull(categoryName);
        return provider.CreateLogger(categoryName);
    }

    public void AddProvider(ILoggerProvider provider) =>
        throw new NotSupportedException("The Lambda host writes JSON lines to stdout only; it takes no other logger provider.");

    public void Dispose() => provider.Dispose();
}
