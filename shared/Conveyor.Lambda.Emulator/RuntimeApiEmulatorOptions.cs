namespace Conveyor.Lambda.Emulator;

public sealed record RuntimeApiEmulatorOptions
{
    /// <summary>Clock for deadlines and for timestamping the first <c>next</c> request.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Unused since the emulator runs on Kestrel, which binds port 0 (the operating system picks a free port); kept for callers that set it.</summary>
    public int PortAttempts { get; init; } = 10;
}
