namespace Conveyor.Local.Engine.Loops;

/// <summary>
/// The two phases of a graceful stop: <see cref="Intake"/> fires first (take no new work), <see cref="Work"/> fires after
/// the grace period (cancel what is still running; its messages are released for the next start).
/// </summary>
public readonly record struct StopTokens(CancellationToken Intake, CancellationToken Work);
