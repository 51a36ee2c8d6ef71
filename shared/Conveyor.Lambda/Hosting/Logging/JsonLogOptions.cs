using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>Settings of the JSON line logger.</summary>
public sealed record JsonLogOptions
{
    public required TextWriter Output { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Written as <c>function</c> on every line.</summary>
    public string FunctionName { get; init; } = "local";

    /// <summary>Entries below this level are not written (<c>AWS_LAMBDA_LOG_LEVEL</c> in the Lambda host).</summary>
    public LogLevel MinLevel { get; init; } = LogLevel.Trace;
}
