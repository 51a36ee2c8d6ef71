using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conveyor.Local.Storage;

/// <summary>
/// Where the embedded database's time goes, as <see cref="System.Diagnostics.Metrics"/> histograms in milliseconds
/// (read by <c>dotnet-counters monitor --counters Conveyor.Local.Database</c> or a <see cref="MeterListener"/>, as the
/// local bench does): waiting for this process's write turn, inside a write transaction (from BEGIN IMMEDIATE to COMMIT),
/// and inside a read. Recording costs nothing measurable while nobody listens.
/// </summary>
public static class DatabaseMetrics
{
    public const string MeterName = "Conveyor.Local.Database";
    public const string WriteWait = "conveyor.local.db.write.wait";
    public const string WriteDuration = "conveyor.local.db.write.duration";
    public const string ReadDuration = "conveyor.local.db.read.duration";

    private static readonly Meter DatabaseMeter = new(MeterName);
    private static readonly Histogram<double> WaitHistogram = DatabaseMeter.CreateHistogram<double>(WriteWait, "ms", "Time a writer waited for this process's write turn.");
    private static readonly Histogram<double> WriteHistogram = DatabaseMeter.CreateHistogram<double>(WriteDuration, "ms", "Time inside one write transaction, BEGIN IMMEDIATE to COMMIT.");
    private static readonly Histogram<double> ReadHistogram = DatabaseMeter.CreateHistogram<double>(ReadDuration, "ms", "Time of one read, connection included.");

    internal static void Written(long requested, long started)
    {
        if (WaitHistogram.Enabled || WriteHistogram.Enabled)
        {
            WaitHistogram.Record(Stopwatch.GetElapsedTime(requested, started).TotalMilliseconds);
            WriteHistogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    internal static void Read(long started)
    {
        if (ReadHistogram.Enabled)
        {
            ReadHistogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
