using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Tests.Support;

/// <summary>A fresh engine folder with a migrated database per test; deleted afterwards.</summary>
public sealed class TempEngineFolder : IAsyncLifetime
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "conveyor-local-tests", Guid.NewGuid().ToString("N"));

    public LocalDatabase Database { get; private set; } = null!;

    public async Task InitializeAsync() => Database = await OpenAsync();

    /// <summary>A second, independent handle on the same file (its own connection pool), as another process would have.</summary>
    public Task<LocalDatabase> OpenAsync() => LocalDatabase.OpenAsync(new LocalDatabaseOptions(Path), CancellationToken.None);

    public Task DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A watcher may still be releasing a handle; the OS temp folder is cleaned eventually.
        }

        return Task.CompletedTask;
    }
}
