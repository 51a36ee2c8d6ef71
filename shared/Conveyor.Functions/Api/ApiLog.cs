using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Api;

/// <summary>Source-generated log messages of <see cref="ApiHandler"/>.</summary>
internal static partial class ApiLog
{
    [LoggerMessage(1, LogLevel.Information, "{Method} {Path} → {StatusCode} (request {RequestId})")]
    public static partial void Handled(ILogger logger, string method, string path, int statusCode, string requestId);

    [LoggerMessage(2, LogLevel.Information, "{Method} {Path} → {StatusCode}: {Reason} (request {RequestId})")]
    public static partial void Refused(ILogger logger, string method, string path, int statusCode, string reason, string requestId);

    [LoggerMessage(3, LogLevel.Error, "{Method} {Path} failed unexpectedly (request {RequestId})")]
    public static partial void Failed(ILogger logger, Exception exception, string method, string path, string requestId);
}
