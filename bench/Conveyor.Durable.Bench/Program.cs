// Durable workflows on the embedded engine's SQLite service, in process, without the HTTP server or the task tracking:
// N executions of a chain of S steps are started by C concurrent clients, then claimed, invoked (DurableFunction, the
// same code the engine's loop runs) and completed by the engine's invoker (DurableInvocationPump) with W invocations in
// flight, the engine's default (conveyor up --durable-invocations), until all have SUCCEEDED. Prints workflows/s, checkpointed steps/s,
// SQLite write transactions per step (counted on the database's own meter: concurrent writes may share one), and the
// cost of a step against one raw SQLite write transaction on the same file, in wall time and in process CPU time
// (CPU time is the figure to trust on a machine others are loading).
// Usage: dotnet run -c Release --project bench/Conveyor.Durable.Bench -- [workflows=1000] [steps=3] [invokers=W (64)] [clients=C (8)] [keep=1 (keep the database folder)]
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
var invokers = settings.GetValueOrDefault("invokers", DurableInvocationPump.DefaultConcurrency);
var clients = settings.GetValueOrDefault("clients", 8);
var keep = settings.GetValueOrDefault("keep", 0) == 1;

var folder = Path.Combine(Path.GetTempPath(), "conveyor-durable-bench-" + Guid.NewGuid().ToString("N"));
try
{
    var database = await LocalDatabase.OpenAsync(new LocalDatabaseOptions(folder), CancellationToken.None);
    using var process = Process.GetCurrentProcess();

    // Baseline: one raw write transaction (BEGIN IMMEDIATE, one small insert, COMMIT) through the same database gate.
    // A first run warms the path up (JIT, tiering, connection pool); the second is measured.
    await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "CREATE TABLE IF NOT EXISTS bench_raw (id INTEGER PRIMARY KEY, payload TEXT NOT NULL);", CancellationToken.None), CancellationToken.None);
    const int RawTransactions = 2000;
    await RawAsync();
    await SettleAsync();

    // Every write transaction of the database (BEGIN IMMEDIATE to COMMIT) records one measurement on this meter: its
    // count, and the sum of their durations (the time the one write turn was taken: writes cannot overlap).
    long written = 0;
    double inTransactions = 0;
    var sums = new Lock();
    using var listener = new MeterListener();
    listener.InstrumentPublished = (instrument, l) =>
    {
        if (instrument.Meter.Name == DatabaseMetrics.MeterName && instrument.Name == DatabaseMetrics.TransactionDuration)
        {
            l.EnableMeasurementEvents(instrument);
        }
    };
    listener.SetMeasurementEventCallback<double>((_, ms, _, _) =>
    {
        lock (sums)
        {
            written++;
            inTransactions += ms;
        }
    });
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

    // The engine's durable loop claims and invokes through the same pump, with the same default number in flight.
    var pump = new DurableInvocationPump(counting.Inner, invokers, async (claim, ct) =>
    {
        var output = await function.InvokeAsync(claim.Envelope, counting, ct);
        await counting.Inner.CompleteInvocationAsync(claim.Arn, output, ct);
    });

    // Warm-up: the same run on other names, not measured, each round as many workflows as the run and followed by as many
    // raw transactions as the baseline measures, until a round leaves the JIT (nearly) idle: the engine is a long-running
    // process, the bench measures its steady state and compares it with the raw path's. Tiering and PGO go through several
    // stages, each after a method's 30th call since the last; rounds of 300 workflows stopped while code the run calls
    // once per claim (about every 32 workflows) was still being compiled, so a 3,000-workflow run compiled 0-99 methods
    // (0-86 ms of JIT time in a run of about 0.4 s) while measured, the raw path's among them (its first pass at start
    // ran before tiering begins). The database the run writes into is larger for it (a warm-up of 7 x 3,000 workflows).
    var warmed = 0;
    for (var round = 0; round < 10; round++)
    {
        var compiled = System.Runtime.JitInfo.GetCompiledMethodCount();
        await RunAsync("warm" + round.ToString(CultureInfo.InvariantCulture), workflows);
        warmed += workflows;
        await RawAsync();
        await SettleAsync();
        if (round > 0 && System.Runtime.JitInfo.GetCompiledMethodCount() - compiled < 5)
        {
            break;
        }
    }

    // The baseline, measured once the write path is as warm as the run's (tiering and PGO of LocalDatabase's and Sql's
    // code go on through the warm-up: measured right after the raw path's own 2,000-transaction warm-up, a raw
    // transaction took about 0.027 ms, after the workflows' warm-up 0.017-0.019 ms), then again right after the run.
    var rawBefore = await MeasureRawAsync();
    counting.Reset();
    lock (sums)
    {
        written = 0;
        inTransactions = 0;
    }

    var bytes = BytesWritten();
    var cpu = CpuTime();
    var jitTime = System.Runtime.JitInfo.GetCompilationTime();
    var jitCount = System.Runtime.JitInfo.GetCompiledMethodCount();
    var allocated = GC.GetTotalAllocatedBytes(precise: true);
    var collections = GC.CollectionCount(0);
    var total = Stopwatch.StartNew();
    var (startMs, startCpu, claims, completions) = await RunAsync("bench", workflows);
    total.Stop();
    var cpuMs = (CpuTime() - cpu).TotalMilliseconds;
    var jitMs = (System.Runtime.JitInfo.GetCompilationTime() - jitTime).TotalMilliseconds;
    jitCount = System.Runtime.JitInfo.GetCompiledMethodCount() - jitCount;
    var allocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
    collections = GC.CollectionCount(0) - collections;
    var kbWritten = (BytesWritten() - bytes) / 1024.0;
    long transactions;
    double transactionMs;
    lock (sums)
    {
        transactions = written;
        transactionMs = inTransactions;
    }

    // The baseline again, right after the run: the mean of both measurements is the figure the run is compared with,
    // so that a load that changed while the run went on weighs on both alike.
    var rawAfter = await MeasureRawAsync();
    var rawMs = (rawBefore.Ms + rawAfter.Ms) / 2;
    var rawCpuMs = (rawBefore.CpuMs + rawAfter.CpuMs) / 2;
    var rawKb = (rawBefore.Kb + rawAfter.Kb) / 2;

    var succeeded = (await counting.Inner.CountByStatusAsync(CancellationToken.None)).GetValueOrDefault(ExecutionStatuses.Succeeded) - warmed;
    var seconds = total.Elapsed.TotalSeconds;
    var stepCount = (long)workflows * steps;
    var calls = workflows + claims + completions + counting.Checkpoints;
    var perStepMs = total.Elapsed.TotalMilliseconds / stepCount;
    Console.WriteLine($"durable bench: {workflows} workflows x {steps} steps, {invokers} invokers, {Environment.ProcessorCount} cores (after a warm-up of {warmed} workflows)");
    Console.WriteLine($"  succeeded           {succeeded} of {workflows}");
    Console.WriteLine($"  wall                {seconds:F2} s (starts {startMs / 1000:F2} s, CPU {(startCpu - cpu).TotalMilliseconds / workflows:F3} ms per start)");
    Console.WriteLine($"  workflows/s         {workflows / seconds:F0}");
    Console.WriteLine($"  checkpointed steps/s {stepCount / seconds:F0}");
    Console.WriteLine($"  service writes      {calls} ({workflows} starts, {claims} claims, {counting.Checkpoints} checkpoints, {completions} completions) = {(double)calls / stepCount:F2} per step");
    Console.WriteLine($"  write transactions  {transactions} = {(double)transactions / stepCount:F2} per step ({(double)calls / Math.Max(1, transactions):F2} writes per transaction; {counting.Inner.RewrittenBatches} batches written again)");
    Console.WriteLine($"  in transactions     {transactionMs / stepCount:F3} ms per step ({transactionMs / Math.Max(1, transactions):F3} ms per transaction; {100 * transactionMs / total.Elapsed.TotalMilliseconds:F0}% of wall)");
    Console.WriteLine($"  written to files    {kbWritten / stepCount:F1} KB per step ({kbWritten / Math.Max(1, transactions):F1} KB per transaction)");
    Console.WriteLine($"  raw SQLite write    {rawMs:F3} ms per transaction (mean of {RawTransactions} in a row before the run, {rawBefore.Ms:F3} ms, and after it, {rawAfter.Ms:F3} ms), CPU {rawCpuMs:F3} ms, {rawKb:F1} KB written");
    Console.WriteLine($"  per step            {perStepMs:F3} ms = {perStepMs / rawMs:F2} raw transactions");
    Console.WriteLine($"  per step, CPU time  {cpuMs / stepCount:F3} ms = {cpuMs / stepCount / rawCpuMs:F2} raw transactions' CPU time (all threads, {Environment.ProcessorCount} cores)");
    // The same two figures without the starts (W at a time above): claims, invocations, completions.
    var runMs = total.Elapsed.TotalMilliseconds - startMs;
    var runCpuMs = cpuMs - (startCpu - cpu).TotalMilliseconds;
    Console.WriteLine($"  per step, no starts {runMs / stepCount:F3} ms = {runMs / stepCount / rawMs:F2} raw transactions; CPU {runCpuMs / stepCount:F3} ms = {runCpuMs / stepCount / rawCpuMs:F2} raw");
    Console.WriteLine($"  JIT while measured  {jitCount} methods, {jitMs:F0} ms");
    Console.WriteLine($"  allocated           {allocatedBytes / stepCount / 1024.0:F1} KB per step ({collections} gen0 collections)");
    return succeeded == workflows ? 0 : 1;

    // One measurement of the baseline: wall and CPU time and bytes written per raw transaction.
    async Task<(double Ms, double CpuMs, double Kb)> MeasureRawAsync()
    {
        var rawCpu = CpuTime();
        var rawBytes = BytesWritten();
        var raw = Stopwatch.StartNew();
        await RawAsync();
        raw.Stop();
        return (raw.Elapsed.TotalMilliseconds / RawTransactions, (CpuTime() - rawCpu).TotalMilliseconds / RawTransactions, (BytesWritten() - rawBytes) / 1024.0 / RawTransactions);
    }

    async Task RawAsync()
    {
        for (var i = 0; i < RawTransactions; i++)
        {
            await database.WriteAsync((c, t) => Sql.ExecuteAsync(c, t, "INSERT INTO bench_raw (payload) VALUES ($p);", CancellationToken.None, ("$p", "x")), CancellationToken.None);
        }
    }

    // Starts N executions, C at a time (as C clients would: concurrent starts share transactions), then claims and invokes them as the engine does until none is due.
    async Task<(double StartMs, TimeSpan StartCpu, long Claims, long Completions)> RunAsync(string prefix, int count)
    {
        var clock = Stopwatch.StartNew();
        await Parallel.ForAsync(0, count, new ParallelOptions { MaxDegreeOfParallelism = clients }, async (i, ct) =>
            await counting.Inner.StartExecutionAsync("Bench", prefix + "-" + i.ToString(CultureInfo.InvariantCulture), i.ToString(CultureInfo.InvariantCulture), null, null, ct));

        var startMs = clock.Elapsed.TotalMilliseconds;
        var startCpu = CpuTime();
        long claims = 0;
        long completions = 0;
        while (true)
        {
            var (invoked, claimed) = await pump.RunAsync(int.MaxValue, CancellationToken.None, CancellationToken.None);
            claims += claimed;
            completions += invoked;
            if (invoked == 0)
            {
                break;
            }
        }

        return (startMs, startCpu, claims, completions);
    }

    // Bytes this process handed to write(2) and pwrite(2) (/proc/self/io wchar: the WAL frames SQLite appends; 0 where unknown).
    static long BytesWritten()
    {
        const string Io = "/proc/self/io";
        if (!File.Exists(Io))
        {
            return 0;
        }

        var line = File.ReadLines(Io).FirstOrDefault(l => l.StartsWith("wchar:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["wchar:".Length..].Trim(), CultureInfo.InvariantCulture);
    }

    TimeSpan CpuTime()
    {
        process.Refresh();
        return process.TotalProcessorTime;
    }

    // Lets background tier-1 compilation of what just ran go on before the next round.
    static Task SettleAsync() => Task.Delay(TimeSpan.FromMilliseconds(500));
}
finally
{
    try
    {
        if (keep)
        {
            Console.WriteLine($"  database kept in    {folder}");
        }
        else
        {
            Directory.Delete(folder, recursive: true);
        }
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

    public void Reset() => Interlocked.Exchange(ref _checkpoints, 0);

    public Task<CheckpointResponse> CheckpointAsync(string durableExecutionArn, string checkpointToken, IReadOnlyList<OperationUpdate> updates, string? clientToken, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _checkpoints);
        return inner.CheckpointAsync(durableExecutionArn, checkpointToken, updates, clientToken, cancellationToken);
    }

    public Task<ExecutionStatePage> GetStateAsync(string durableExecutionArn, string checkpointToken, string? marker, int? maxItems, CancellationToken cancellationToken) =>
        inner.GetStateAsync(durableExecutionArn, checkpointToken, marker, maxItems, cancellationToken);
}
