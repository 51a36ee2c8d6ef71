using System.Runtime.InteropServices;
using System.Text;

namespace Conveyor.Local.Buckets;

/// <summary>
/// Linux only: which files of the bucket folders a writer is still writing, and when one is done. An inotify(7) watch
/// on every folder reports a file created or modified (being written from then on), closed after writing or moved in
/// (done: <see cref="Completed"/> is called with its path), and moved away or deleted (forgotten).
/// <see cref="FileSystemWatcher"/> reports neither the close nor a move in as such, so <see cref="BucketWatcher"/>
/// would otherwise have to wait for a file to stay unchanged for a while — and would still take a file whose writer
/// (holding no lock) merely paused for longer than that.
/// </summary>
/// <remarks>
/// Best effort, never the only rule: events lost to a full inotify queue forget every file being written, a folder
/// whose watch could not be added reports nothing, and a file that changes under an open descriptor no event names
/// (an mmap) is not seen; the watcher's time-based check covers all of these. Folders created or moved in later are
/// watched as their events arrive.
/// </remarks>
internal sealed class WriterWatch : IDisposable
{
    private const uint Mask = Inotify.InCreate | Inotify.InModify | Inotify.InCloseWrite | Inotify.InMovedFrom | Inotify.InMovedTo
        | Inotify.InDelete | Inotify.InOnlyDirectory;

    private readonly int _inotify;
    private readonly int _wake;
    private readonly Action<string> _completed;
    private readonly Lock _gate = new();
    private readonly Dictionary<int, string> _folders = [];
    private readonly HashSet<string> _writing = new(StringComparer.Ordinal);
    private readonly Thread _reader;
    private volatile bool _stopping;

    private WriterWatch(int inotify, int wake, Action<string> completed)
    {
        _inotify = inotify;
        _wake = wake;
        _completed = completed;
        _reader = new Thread(Run) { IsBackground = true, Name = "Conveyor bucket writer watch" };
    }

    /// <summary>Watches <paramref name="folders"/> and their subfolders; null where inotify is not available (not Linux, or refused).</summary>
    /// <param name="completed">Called on the watch's own thread with the path of each file closed after writing or moved in.</param>
    public static WriterWatch? TryStart(IEnumerable<string> folders, Action<string> completed)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        var inotify = Inotify.Init(Inotify.NonBlock | Inotify.CloseOnExec);
        if (inotify < 0)
        {
            return null;
        }

        var wake = Inotify.EventFd(0, Inotify.NonBlock | Inotify.CloseOnExec);
        if (wake < 0)
        {
            _ = Inotify.Close(inotify);
            return null;
        }

        var watch = new WriterWatch(inotify, wake, completed);
        if (!folders.All(watch.WatchTree))
        {
            watch.Dispose();
            return null;
        }

        watch._reader.Start();
        return watch;
    }

    /// <summary>Whether a writer has created or modified <paramref name="path"/> and not yet closed it.</summary>
    public bool IsBeingWritten(string path)
    {
        lock (_gate)
        {
            return _writing.Contains(path);
        }
    }

    public void Dispose()
    {
        _stopping = true;
        if (_reader.IsAlive)
        {
            Ring();
            _reader.Join(TimeSpan.FromSeconds(5));
        }

        _ = Inotify.Close(_inotify);
        _ = Inotify.Close(_wake);
    }

    /// <summary>Watches <paramref name="folder"/> and the folders under it; false when <paramref name="folder"/> itself could not be watched.</summary>
    private bool WatchTree(string folder)
    {
        var descriptor = Inotify.AddWatch(_inotify, folder, Mask);
        if (descriptor < 0)
        {
            return false;
        }

        lock (_gate)
        {
            _folders[descriptor] = folder;
        }

        try
        {
            foreach (var child in Directory.EnumerateDirectories(folder))
            {
                if (new DirectoryInfo(child).LinkTarget is null)
                {
                    WatchTree(child);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Gone or unreadable meanwhile: its files are left to the time-based check.
        }

        return true;
    }

    private unsafe void Ring()
    {
        var one = 1UL;
        _ = Inotify.Write(_wake, (byte*)&one, sizeof(ulong));
    }

    private unsafe void Run()
    {
        var buffer = new byte[64 * 1024];
        var polled = stackalloc Inotify.PollFd[2];
        while (!_stopping)
        {
            polled[0] = new Inotify.PollFd { Fd = _inotify, Events = Inotify.PollIn };
            polled[1] = new Inotify.PollFd { Fd = _wake, Events = Inotify.PollIn };
            if (Inotify.Poll(polled, 2, -1) < 0)
            {
                if (Marshal.GetLastPInvokeError() == 4)
                {
                    continue; // EINTR
                }

                break;
            }

            if (_stopping || (polled[0].ReturnedEvents & Inotify.PollIn) == 0)
            {
                continue;
            }

            nint read;
            fixed (byte* start = buffer)
            {
                read = Inotify.Read(_inotify, start, buffer.Length);
            }

            if (read > 0)
            {
                Handle(buffer.AsSpan(0, (int)read));
            }
        }
    }

    private void Handle(ReadOnlySpan<byte> events)
    {
        var completed = new List<string>();
        var folders = new List<string>();
        lock (_gate)
        {
            for (var offset = 0; offset + Inotify.EventHeaderSize <= events.Length;)
            {
                var descriptor = MemoryMarshal.Read<int>(events[offset..]);
                var mask = MemoryMarshal.Read<uint>(events[(offset + 4)..]);
                var length = (int)MemoryMarshal.Read<uint>(events[(offset + 12)..]);
                var name = Encoding.UTF8.GetString(events.Slice(offset + Inotify.EventHeaderSize, length).TrimEnd((byte)0));
                offset += Inotify.EventHeaderSize + length;
                if ((mask & Inotify.InQueueOverflow) != 0)
                {
                    _writing.Clear(); // Events were lost: nothing is known to be written any more.
                    continue;
                }

                if (!_folders.TryGetValue(descriptor, out var folder))
                {
                    continue;
                }

                if ((mask & Inotify.InIgnored) != 0)
                {
                    _folders.Remove(descriptor);
                    continue;
                }

                if (name.Length == 0)
                {
                    continue;
                }

                var path = Path.Join(folder, name);
                if ((mask & Inotify.InIsDirectory) != 0)
                {
                    if ((mask & (Inotify.InCreate | Inotify.InMovedTo)) != 0)
                    {
                        folders.Add(path);
                    }
                }
                else if ((mask & (Inotify.InCreate | Inotify.InModify)) != 0)
                {
                    _writing.Add(path);
                }
                else if ((mask & (Inotify.InCloseWrite | Inotify.InMovedTo)) != 0)
                {
                    _writing.Remove(path);
                    completed.Add(path);
                }
                else
                {
                    _writing.Remove(path); // Moved away or deleted.
                }
            }
        }

        foreach (var folder in folders)
        {
            WatchTree(folder);
        }

        foreach (var path in completed)
        {
            _completed(path);
        }
    }
}
