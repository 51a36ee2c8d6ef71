// Durable workflows on the embedded engine's SQLite service, in process, without the HTTP server or the task tracking:
// N executions of a chain of S steps are started, then claimed, invoked (DurableFunction, the same code the engine's
// loop runs) and completed by W concurrent invokers until all have SUCCEEDED. Prints workflows/s, checkpointed steps/s,
// SQLite write transactions per step (counted on the database's own meter: concurrent writes may share one), and the
// cost of a step against one raw SQLite write transaction on the same file, in wall time and in process CPU time
// (CPU time is the figure to trust on a machine others are loading).
// Usage: dotnet run -c Release --project bench/Conveyor.Durable.Bench -- [workflows=1000] [steps=3] [invokers=8]
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using Conveyor.Durable;
using Conveyor.Durable.Bench;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Durable;
using Conveyor.Local.Storage;

var settings = args.Select(a => a.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => int.Parse(p[1], CultureInfo.InvariantCulture), StringComparer.Ordinal);
var workflows = settings.GetValueOrDefault("workflows", 1000);
var steps = settings.GetValueOrDefault("steps", 3);
var invokers = settings.GetValueOrDefault("invokers", 8);

var folder = Path.Combine(Path.GetTempPath(), "conveyor-durable-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(folder), CancellationToken.None);

    // Baseline: one raw write transaction (BEGIN IMMEDIATE, one small insert, COMMIT) through the same database gate.
    await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);", CancellationToken.None), CancellationToken.None);
    const int RawTransactions = 2000;
    using var process = Process.GetCurrentProcess();
    var rawCpu = process.TotalProcessorTime;
    var raw = Stopwatch.StartNew();
    for (var i = 0; i < RawTransactions; i++)
    {
        await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "INSERT INTO bench_raw (payload) VALUES ($p);", CancellationToken.None, ("$p", "x")), CancellationToken.None);
    }

    raw.Stop();
    process.Refresh();
    var rawMs = raw.Elapsed.TotalMilliseconds / RawTransactions;
    var rawCpuMs = (process.TotalProcessorTime - rawCpu).TotalMilliseconds / RawTransactions;

    // Every write transaction of the database (BEGIN IMMEDIATE to COMMIT) records one measurement on this meter.
    long written = 0;
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == DatabaseMetrics.MeterName && instrument.Name == DatabaseMetrics.WriteDuration)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref written));
    listener.Start();

    var counting = new CountingService(new SqliteDurableExecutions(database, TimeProvider.System));
    var function = new DurableFunction<int, int>(
        async (input, context, ct) =>
        {
            var value = input;
            for (var s = 0; s < steps; s++)
            {
                value = await context.StepAsync("step-" + s.ToString(CultureInfo.InvariantCulture), (_, _) => Task.FromResult(value + 1), cancellationToken: ct);
            }

            return value;
        },
        BenchJsonContext.Default);

    process.Refresh();
    var cpu = process.TotalProcessorTime;
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var collections = GC.CollectionCount(0);
    var total = Stopwatch.StartNew();
    for (var i = 0; i < workflows; i++)
    {
        await counting.Inner.StartExecutionAsync("Bench", "bench-" + i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture), null, null, CancellationToken.None);
    }

    var startMs = total.Elapsed.TotalMilliseconds;
    long claims = 0;
    long completions = 0;
    while (true)
    {
        var batch = await counting.Inner.ClaimDueAsync(invokers * 4, CancellationToken.None);
        claims++;
        if (batch.Count == 0)
        {
            break;
        }

        await Parallel.ForEachAsync(batch, new ParallelOptions { MaxDegreeOfParallelism = invokers }, async (claim, ct) =>
        {
            var output = await function.InvokeAsync(claim.Envelope, counting, ct);
            await counting.Inner.CompleteInvocationAsync(claim.Arn, output, ct);
            Interlocked.Increment(ref completions);
        });
    }

    total.Stop();
    process.Refresh();
    var cpuMs = (process.TotalProcessorTime - cpu).TotalMilliseconds;
    var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    collections = GC.CollectionCount(0) - collections;
    var transactions = Interlocked.Read(ref written);
    var succeeded = (await counting.Inner.CountByStatusAsync(CancellationToken.None)).GetValueOrDefault(ExecutionStatuses.Succeeded);
    var seconds = total.Elapsed.TotalSeconds;
    var stepCount = (long)workflows * steps;
    var calls = workflows + claims + completions + counting.Checkpoints;
    var perStepMs = total.Elapsed.TotalMilliseconds / stepCount;
    Console.WriteLine($"durable bench: {workflows} workflows x {steps} steps, {invokers} invokers, {Environment.ProcessorCount} cores");
    Console.WriteLine($"  succeeded           {succeeded} of {workflows}");
    Console.WriteLine($"  wall                {seconds:F2} s (starts {startMs / 1000:F2} s)");
    Console.WriteLine($"  workflows/s         {workflows / seconds:F0}");
    Console.WriteLine($"  checkpointed steps/s {stepCount / seconds:F0}");
    Console.WriteLine($"  service writes      {calls} ({workflows} starts, {claims} claims, {counting.Checkpoints} checkpoints, {completions} completions) = {(double)calls / stepCount:F2} per step");
    Console.WriteLine($"  write transactions  {transactions} = {(double)transactions / stepCount:F2} per step ({(double)calls / Math.Max(1, transactions):F2} writes per transaction)");
    Console.WriteLine($"  raw SQLite write    {rawMs:F3} ms per transaction ({RawTransactions} in a row), CPU {rawCpuMs:F3} ms");
    Console.WriteLine($"  per step            {perStepMs:F3} ms = {perStepMs / rawMs:F2} raw transactions");
    Console.WriteLine($"  allocated           {allocatedBytes / stepCount / 1024.0:F1} KB per step ({collections} gen0 collections)");
    Console.WriteLine($"  per step, CPU time  {cpuMs / stepCount:F3} ms = {cpuMs / stepCount / rawCpuMs:F2} raw transactions' CPU time (all threads, {Environment.ProcessorCount} cores)");
    return succeeded == workflows ? 0 : 1;
}
finally
{
    try
    {
        Directory.Delete(folder, recursive: true);
    }
    catch (IOException)
    {
        // Best effort.
    }
}

/// <summary>Counts the checkpoint calls the workflows make.</summary>
internal sealed class CountingService(SqliteDurableExecutions inner) : IDurableServiceClient
{
    private long _checkpoints;

    public SqliteDurableExecutions Inner => inner;

    public long Checkpoints => Interlocked.Read(ref _checkpoints);

    public Task<CheckpointResponse> CheckpointAsync(string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checkpoints);
        return inner.CheckpointAsync(durableExecutionArn, checkpointToken, updates, clientToken, cancellationToken);
    }

    public Task<ExecutionStatePage> GetStateAsync(string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken) =>
        inner.GetStateAsync(durableExecutionArn, checkpointToken, marker, maxItems, cancellationToken);
}
