using System.Runtime.InteropServices;

namespace Conveyor.Local.Buckets;

/// <summary>
/// The few Linux calls <see cref="WriterWatch"/> needs, as inotify(7), eventfd(2) and poll(2) document them: the events
/// <see cref="FileSystemWatcher"/> does not report (a file closed after writing, a file moved in) come only from here.
/// </summary>
internal static partial class Inotify
{
    public const uint InModify = 0x00000002;
    public const uint InCloseWrite = 0x00000008;
    public const uint InMovedFrom = 0x00000040;
    public const uint InMovedTo = 0x00000080;
    public const uint InCreate = 0x00000100;
    public const uint InDelete = 0x00000200;
    public const uint InDeleteSelf = 0x00000400;
    public const uint InQueueOverflow = 0x00004000;
    public const uint InIgnored = 0x00008000;
    public const uint InOnlyDirectory = 0x01000000;
    public const uint InIsDirectory = 0x40000000;

    /// <summary>inotify_init1 and eventfd flags: non-blocking, closed on exec.</summary>
    public const int NonBlock = 0x800;
    public const int CloseOnExec = 0x80000;

    public const short PollIn = 0x1;

    /// <summary>The fixed part of <c>struct inotify_event</c>: wd, mask, cookie, len (then len bytes of name).</summary>
    public const int EventHeaderSize = 16;

    [LibraryImport("libc", EntryPoint = "inotify_init1", SetLastError = true)]
    public static partial int Init(int flags);

    [LibraryImport("libc", EntryPoint = "inotify_add_watch", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddWatch(int fd, string path, uint mask);

    [LibraryImport("libc", EntryPoint = "eventfd", SetLastError = true)]
    public static partial int EventFd(uint initial, int flags);

    [LibraryImport("libc", EntryPoint = "read", SetLastError = true)]
    public static unsafe partial nint Read(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "write", SetLastError = true)]
    public static unsafe partial nint Write(int fd, byte* buffer, nint count);

    [LibraryImport("libc", EntryPoint = "poll", SetLastError = true)]
    public static unsafe partial int Poll(PollFd* fds, nuint count, int timeoutMs);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    public static partial int Close(int fd);

    [StructLayout(LayoutKind.Sequential)]
    public struct PollFd
    {
        public int Fd;
        public short Events;
        public short ReturnedEvents;
    }
}
