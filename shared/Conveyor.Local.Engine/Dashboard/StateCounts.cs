namespace Conveyor.Local.Engine.Dashboard;

/// <summary>
/// One state's counts in an execution: how often it was entered and left, how many runs are in it now (for a Map's item
/// states: items), how many of its task attempts failed and how many errors a Catch took to another state.
/// </summary>
public sealed record StateCounts(int Entered, int Exited, int Active, int FailedAttempts, int Caught);
