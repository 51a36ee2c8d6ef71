namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>Settings of the JSON line logger.</summary>
public sealed record JsonLogOptions
{
    public required TextWriter Output { get; init; }

    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Written as <c>function</c> on every line.</summary>
    public string FunctionName { get; init; } = "local";
}
