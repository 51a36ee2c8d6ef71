using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Conveyor.Local.Engine;
using Conveyor.Local.Storage;

namespace Conveyor.Local.Bench;

/// <summary>
/// Where one scenario's time went: process CPU and GC from the runtime, and the engine's own histograms
/// (<see cref="DatabaseMetrics"/>, <see cref="EngineMetrics"/>) summed by a <see cref="MeterListener"/>. Times summed over
/// concurrent work (invocations, transactions) can exceed the wall time; the share printed is of the wall time.
/// </summary>
internal sealed class EngineProfile : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentDictionary<string, Sum> _sums = new(StringComparer.Ordinal);
    private TimeSpan _cpu;
    private TimeSpan _gcPause;
    private long _allocated;
    private int _gen0;
    private int _gen2;

    public EngineProfile()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name is DatabaseMetrics.MeterName or EngineMetrics.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Add(instrument, value, tags));
        _listener.Start();
    }

    private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var name = instrument.Name;
        foreach (var tag in tags)
        {
            if (tag.Key == EngineMetrics.FunctionTag) { name = $"{name} {tag.Value}"; }
        }

        _sums.GetOrAdd(name, _ => new Sum(instrument.Unit ?? string.Empty)).Add(value);
    }

    public void Start()
    {
        _sums.Clear();
        using var self = Process.GetCurrentProcess();
        _cpu = self.TotalProcessorTime;
        _gcPause = GC.GetTotalPauseDuration();
        _allocated = GC.GetTotalAllocatedBytes();
        _gen0 = GC.CollectionCount(0);
        _gen2 = GC.CollectionCount(2);
    }

    public void Print(TimeSpan wall)
    {
        using var self = Process.GetCurrentProcess();
        var cpu = self.TotalProcessorTime - _cpu;
        var invariant = CultureInfo.InvariantCulture;
        Console.WriteLine(string.Create(invariant, $"  profile: wall {wall.TotalMilliseconds:F0} ms; process CPU {cpu.TotalMilliseconds:F0} ms ({cpu / wall:P0} of one core); GC pauses {(GC.GetTotalPauseDuration() - _gcPause).TotalMilliseconds:F0} ms, {GC.CollectionCount(0) - _gen0} gen0 / {GC.CollectionCount(2) - _gen2} gen2, {(GC.GetTotalAllocatedBytes() - _allocated) / (1024.0 * 1024.0):F0} MiB allocated"));
        foreach (var (name, sum) in _sums.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            Console.WriteLine(sum.Unit == "ms"
                ? string.Create(invariant, $"  {name,-58} {sum.Count,8} × {sum.Total / Math.Max(1, sum.Count),7:F3} ms = {sum.Total,9:F0} ms ({sum.Total / wall.TotalMilliseconds:P0} of wall)")
                : string.Create(invariant, $"  {name,-58} {sum.Count,8} × {sum.Total / Math.Max(1, sum.Count),7:F3} = {sum.Total,9:F0} {sum.Unit}"));
        }
    }

    public void Dispose() => _listener.Dispose();

    private sealed class Sum(string unit)
    {
        private readonly Lock _gate = new();

        public string Unit { get; } = unit;

        public long Count { get; private set; }

        public double Total { get; private set; }

        public void Add(double value)
        {
            lock (_gate)
            {
                Count++;
                Total += value;
            }
        }
    }
}
