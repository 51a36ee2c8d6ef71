namespace Conveyor.Local.Engine;

/// <summary>
/// One engine per folder: an exclusive lock on <c>engine.lock</c>, released by the OS when the process dies (even on
/// SIGKILL). Holding it lets start-up treat every in-flight message and running workflow as orphaned by a dead engine.
/// The CLI's other commands never take it: they read and write the database alongside a running engine.
/// </summary>
public sealed class EngineLock : IDisposable
{
    private readonly FileStream _stream;

    private EngineLock(FileStream stream) => _stream = stream;

    /// <exception cref="InvalidOperationException">Another engine holds the folder.</exception>
    public static EngineLock Acquire(string path)
    {
        try
        {
            return new EngineLock(new FileStream(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None));
        }
        catch (IOException ex)
        {
            throw new InvalidOperationException(
                $"Another 'conveyor up' is already running on {Path.GetDirectoryName(path)} ({ex.Message}). Stop it first, or pass another --dir.", ex);
        }
    }

    public void Dispose() => _stream.Dispose();
}
