using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Conveyor.Local.Engine;

/// <summary>
/// Where the engine's time goes, as <see cref="System.Diagnostics.Metrics"/> histograms in milliseconds (read by
/// <c>dotnet-counters monitor --counters Conveyor.Local.Engine</c> or a <see cref="MeterListener"/>, as the local bench
/// does): each handler invocation, tagged with the function's local name, and each workflow run (the States interpreter
/// plus the invocations it makes). Recording costs nothing measurable while nobody listens.
/// </summary>
public static class EngineMetrics
{
    public const string MeterName = "Conveyor.Local.Engine";
    public const string InvocationDuration = "conveyor.engine.invocation.duration";
    public const string WorkflowDuration = "conveyor.engine.workflow.duration";
    public const string FunctionTag = "function";

    private static readonly Meter EngineMeter = new(MeterName);
    private static readonly Histogram<double> Invocations = EngineMeter.CreateHistogram<double>(InvocationDuration, "ms", "Time of one handler invocation.");
    private static readonly Histogram<double> Workflows = EngineMeter.CreateHistogram<double>(WorkflowDuration, "ms", "Time of one workflow run.");

    /// <summary>Records an invocation of <paramref name="function"/> that began at <paramref name="started"/> (<see cref="Stopwatch.GetTimestamp"/>).</summary>
    public static void Invoked(string function, long started)
    {
        if (Invocations.Enabled)
        {
            Invocations.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new KeyValuePair<string, object?>(FunctionTag, function));
        }
    }

    /// <summary>Records a workflow run that began at <paramref name="started"/>.</summary>
    public static void WorkflowRan(long started)
    {
        if (Workflows.Enabled)
        {
            Workflows.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        }
    }
}
