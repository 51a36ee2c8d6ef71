using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>Maps between <see cref="LogLevel"/> and the level names of Lambda's JSON log format.</summary>
public static class JsonLogLevels
{
    public static string ToName(LogLevel level) => level switch
    {
        LogLevel.Trace => "TRACE",
        LogLevel.Debug => "DEBUG",
        LogLevel.Information => "INFO",
        LogLevel.Warning => "WARN",
        LogLevel.Error => "ERROR",
        LogLevel.Critical => "FATAL",
        _ => "NONE",
    };

    /// <summary>Reads <c>AWS_LAMBDA_LOG_LEVEL</c> (TRACE…FATAL); anything else gives <paramref name="fallback"/>.</summary>
    public static LogLevel Parse(string? name, LogLevel fallback) => name?.ToUpperInvariant() switch
    {
        "TRACE" => LogLevel.Trace,
        "DEBUG" => LogLevel.Debug,
        "INFO" => LogLevel.Information,
        "WARN" => LogLevel.Warning,
        "ERROR" => LogLevel.Error,
        "FATAL" => LogLevel.Critical,
        _ => fallback,
    };
}
