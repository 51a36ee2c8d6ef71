namespace Conveyor.Lambda.Emulator;

public sealed record RuntimeApiEmulatorOptions
{
    /// <summary>Clock for deadlines and for timestamping the first <c>next</c> request.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Attempts to find a free loopback port before giving up.</summary>
    public int PortAttempts { get; init; } = 10;
}
