namespace Conveyor.Local.Storage;

/// <summary>Where the embedded database lives and how long a writer waits for the lock.</summary>
/// <param name="Directory">The engine folder (default <c>./.conveyor</c>); the database is <c>&lt;Directory&gt;/conveyor.db</c>.</param>
/// <param name="BusyTimeout">How long a statement waits for another connection's (or process's) write lock before failing.</param>
public sealed record LocalDatabaseOptions(string Directory, TimeSpan? BusyTimeout = null)
{
    public const string FileName = "conveyor.db";

    public string DatabasePath => Path.Combine(Path.GetFullPath(Directory), FileName);

    public TimeSpan EffectiveBusyTimeout => BusyTimeout ?? TimeSpan.FromSeconds(10);
}
