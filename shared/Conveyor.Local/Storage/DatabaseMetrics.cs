using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conveyor.Local.Storage;

/// <summary>
/// Where the embedded database's time goes, as <see cref="System.Diagnostics.Metrics"/> histograms in milliseconds
/// (read by <c>dotnet-counters monitor --counters Conveyor.Local.Database</c> or a <see cref="MeterListener"/>, as the
/// local bench does): waiting for this process's write turn, one write's work, one transaction (from BEGIN IMMEDIATE to
/// COMMIT; several writes may share one) and how many writes shared it, and one read. Recording costs nothing measurable while nobody listens.
/// </summary>
public static class DatabaseMetrics
{
    public const string MeterName = "Conveyor.Local.Database";
    public const string WriteWait = "conveyor.local.db.write.wait";
    public const string WriteDuration = "conveyor.local.db.write.duration";
    public const string ReadDuration = "conveyor.local.db.read.duration";
    public const string TransactionDuration = "conveyor.local.db.transaction.duration";
    public const string TransactionWrites = "conveyor.local.db.transaction.writes";

    private static readonly Meter DatabaseMeter = new(MeterName);
    private static readonly Histogram<double> WaitHistogram = DatabaseMeter.CreateHistogram<double>(WriteWait, "ms", "Time a writer waited for this process's write turn.");
    private static readonly Histogram<double> WriteHistogram = DatabaseMeter.CreateHistogram<double>(WriteDuration, "ms", "Time of one write's work inside its transaction.");
    private static readonly Histogram<double> TransactionHistogram = DatabaseMeter.CreateHistogram<double>(TransactionDuration, "ms", "Time of one write transaction, BEGIN IMMEDIATE to COMMIT (several writes may share one).");
    private static readonly Histogram<int> TransactionWritesHistogram = DatabaseMeter.CreateHistogram<int>(TransactionWrites, "{write}", "Writes that shared one transaction.");
    private static readonly Histogram<double> ReadHistogram = DatabaseMeter.CreateHistogram<double>(ReadDuration, "ms", "Time of one read, connection included.");

    internal static void Written(long requested, long started)
    {
        if (WaitHistogram.Enabled || WriteHistogram.Enabled)
        {
            WaitHistogram.Record(Stopwatch.GetElapsedTime(requested, started).TotalMilliseconds);
            WriteHistogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }

    internal static void Committed(long started, int writes)
    {
        if (TransactionHistogram.Enabled || TransactionWritesHistogram.Enabled)
        {
            TransactionHistogram.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            TransactionWritesHistogram.Record(writes);
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
