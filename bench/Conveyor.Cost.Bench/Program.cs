using System.Globalization;

// AWS cost of Conveyor's template.yaml per 1 million file tasks and per 1 million subtasks (CSV rows), before and after
// batching the distributed Map with an ItemBatcher, next to the MBC CQRS Serverless design (a STANDARD workflow with one
// Lambda invocation and several state transitions per subtask). Every operation count and duration below is a named
// input; override any of them as name=value, e.g.
//   dotnet run -c Release --project bench/Conveyor.Cost.Bench -- mapItemMs=40 rowsPerImport=1000 batch=200
var inputs = new Dictionary<string, double>(StringComparer.Ordinal)
{
    // template.yaml Globals: Runtime dotnet10, Architectures [x86_64], MemorySize 512.
    ["lambdaGb"] = 0.5,
    // Handler durations (ms, warm). Assumptions until CloudWatch REPORT lines of a deployment replace them.
    ["fileTriggerMs"] = 60, ["streamFanOutMsPerRecord"] = 8, ["taskWorkerMs"] = 40, ["mapItemMs"] = 25,
    ["mapItemInvokeOverheadMs"] = 10, ["finalizeMs"] = 150, ["csvParseMsPerRow"] = 0.02,
    // Event-source batching under load: records per StreamFanOut invocation (BatchSize 50), messages per TaskWorker
    // invocation (BatchSize 10), messages per SQS ReceiveMessage/DeleteMessageBatch call.
    ["streamRecordsPerInvocation"] = 25, ["sqsMessagesPerInvocation"] = 5,
    // Express child execution: time around the MapItem call (state entry, lambda:invoke round trip), billed in 100 ms
    // steps and 64 MB memory chunks.
    ["expressOverheadMs"] = 50, ["expressGb"] = 0.0625,
    // A CSV import: rows per file; the parent's STANDARD workflow transitions (RunSubTasks, Finalize, end).
    ["rowsPerImport"] = 10_000, ["parentTransitions"] = 3,
    // Items per child execution after batching (ItemBatcher MaxItemsPerBatch).
    ["batch"] = 100,
    // MBC CQRS Serverless: STANDARD workflow, per subtask an iteration with its Lambda Task and status states.
    ["mbcTransitionsPerSubtask"] = 3,
};
foreach (var arg in args)
{
    var pair = arg.Split('=', 2);
    if (pair.Length != 2 || !inputs.ContainsKey(pair[0])) { Console.Error.WriteLine($"unknown input '{arg}'; known: {string.Join(", ", inputs.Keys)}"); return 2; }
    inputs[pair[0]] = double.Parse(pair[1], CultureInfo.InvariantCulture);
}

double In(string name) => inputs[name];

// us-east-1 list prices, read 2026-11-30 (the tables on these pages are the source; first pricing tier everywhere).
var prices = new (string Item, double Usd, string Source)[]
{
    ("Lambda request", 0.20 / 1e6, "https://aws.amazon.com/lambda/pricing/ ($0.20 per 1M requests)"),
    ("Lambda GB-second (x86)", 0.0000166667, "https://aws.amazon.com/lambda/pricing/ (x86, first 6B GB-s/month)"),
    ("SFN Standard state transition", 0.025 / 1000, "https://aws.amazon.com/step-functions/pricing/ ($0.025 per 1,000)"),
    ("SFN Express request", 1.00 / 1e6, "https://aws.amazon.com/step-functions/pricing/ ($1.00 per 1M requests)"),
    ("SFN Express GB-second", 0.00001667, "https://aws.amazon.com/step-functions/pricing/ ($0.06/GB-hour, first 1,000 GB-hours; 64 MB, 100 ms steps)"),
    ("DynamoDB write request unit", 0.625 / 1e6, "https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.625 per 1M WRU)"),
    ("DynamoDB read request unit", 0.125 / 1e6, "https://aws.amazon.com/dynamodb/pricing/on-demand/ ($0.125 per 1M RRU)"),
    ("DynamoDB Streams read (Lambda trigger)", 0, "https://aws.amazon.com/dynamodb/pricing/on-demand/ (GetRecords by Lambda triggers: free)"),
    ("SQS standard request", 0.40 / 1e6, "https://aws.amazon.com/sqs/pricing/ ($0.40 per 1M, 64 KB chunks)"),
    ("SNS standard publish", 0.50 / 1e6, "https://aws.amazon.com/sns/pricing/ ($0.50 per 1M; SQS/Lambda deliveries free)"),
    ("S3 PUT", 0.005 / 1000, "https://aws.amazon.com/s3/pricing/ (Standard, $0.005 per 1,000 PUT)"),
    ("S3 GET", 0.0004 / 1000, "https://aws.amazon.com/s3/pricing/ (Standard, $0.0004 per 1,000 GET)"),
};
double Price(string item) => prices.Single(p => p.Item == item).Usd;

var gb = In("lambdaGb");
var streamShare = 1 / In("streamRecordsPerInvocation");
var sqsShare = 1 / In("sqsMessagesPerInvocation");

// A file task (profile picture, document): S3 upload and read; FileTrigger stores it (INSERT); StreamFanOut queues it
// (QUEUED) and later relays its 3 status changes (QUEUED, PROCESSING, COMPLETED) as task-status notifications; TaskWorker
// claims (PROCESSING) and completes it. 4 writes, 2 reads, 4 stream records, 1 send + receive/delete, 3 publishes.
var fileTask = new Usage
{
    LambdaRequests = 1 + 4 * streamShare + sqsShare,
    LambdaGbSeconds = gb * (In("fileTriggerMs") + 4 * In("streamFanOutMsPerRecord") + In("taskWorkerMs")) / 1000,
    Wru = 4, Rru = 2, SqsRequests = 1 + 2 * sqsShare, SnsPublishes = 3, S3Puts = 1, S3Gets = 1,
};

// One CSV row = one subtask. Per import (shared by its rows): upload, FileTrigger reads and parses it, StreamFanOut writes
// the manifest and starts the STANDARD execution, the ItemReader reads the manifest, Finalize ends the parent; the parent
// has 4 writes (INSERT, STARTED, PROCESSING/COMPLETED by Finalize) and 3 notifications.
var rows = In("rowsPerImport");
var perImport = new Usage
{
    LambdaRequests = 1 + 1 + 4 * streamShare,
    LambdaGbSeconds = gb * (In("fileTriggerMs") + rows * In("csvParseMsPerRow") + In("finalizeMs") + 4 * In("streamFanOutMsPerRecord")) / 1000,
    Wru = 4, Rru = 3, SnsPublishes = 3, S3Puts = 2, S3Gets = 2, StandardTransitions = In("parentTransitions"),
};

// Per subtask whatever the batching: created by BatchWriteItem (1 WRU), claimed (PROCESSING) and completed by MapItem
// (2 WRU, 1 read), 3 stream records relayed by StreamFanOut as 2 sub-task-status notifications.
Usage Subtask(double itemsPerChild) => new()
{
    LambdaRequests = 1 / itemsPerChild + 3 * streamShare,
    LambdaGbSeconds = gb * (In("mapItemMs") + In("mapItemInvokeOverheadMs") / itemsPerChild + 3 * In("streamFanOutMsPerRecord")) / 1000,
    Wru = 3, Rru = 1, SnsPublishes = 2,
    ExpressRequests = 1 / itemsPerChild,
    ExpressGbSeconds = In("expressGb") * Math.Ceiling((itemsPerChild * In("mapItemMs") + In("mapItemInvokeOverheadMs") + In("expressOverheadMs")) / 100) * 0.1 / itemsPerChild,
};

// MBC CQRS Serverless: the same status writes and notifications, one Lambda invocation per subtask inside a STANDARD
// workflow that takes mbcTransitionsPerSubtask transitions for it (no Express children).
var mbcSubtask = new Usage
{
    LambdaRequests = 1 + 3 * streamShare,
    LambdaGbSeconds = gb * (In("mapItemMs") + In("mapItemInvokeOverheadMs") + 3 * In("streamFanOutMsPerRecord")) / 1000,
    Wru = 3, Rru = 1, SnsPublishes = 2, StandardTransitions = In("mbcTransitionsPerSubtask"),
};

var batch = In("batch");
var rowsOf = new[]
{
    ("file task (single)", fileTask),
    ("subtask, Conveyor, 1 item per child", Subtask(1) + perImport * (1 / rows)),
    ($"subtask, Conveyor, ItemBatcher {batch:0} per child", Subtask(batch) + perImport * (1 / rows)),
    ("subtask, MBC CQRS Serverless design", mbcSubtask + perImport * (1 / rows)),
};

Console.WriteLine($"AWS cost per 1,000,000 (us-east-1 list prices, USD); a CSV import has {rows:0} rows; inputs: {string.Join(' ', inputs.Select(p => $"{p.Key}={p.Value.ToString(CultureInfo.InvariantCulture)}"))}");
Console.WriteLine();
var header = $"{"per 1M",-42} {"Lambda req",10} {"Lambda GB-s",11} {"DynamoDB",9} {"SQS",6} {"SNS",6} {"SFN Std",8} {"SFN Expr",9} {"S3",6} {"TOTAL",9}";
Console.WriteLine(header);
Console.WriteLine(new string('-', header.Length));
foreach (var (label, usage) in rowsOf)
{
    var u = usage * 1e6;
    Console.WriteLine(FormattableString.Invariant(
        $"{label,-42} {u.LambdaRequests * Price("Lambda request"),10:F2} {u.LambdaGbSeconds * Price("Lambda GB-second (x86)"),11:F2} {u.Wru * Price("DynamoDB write request unit") + u.Rru * Price("DynamoDB read request unit"),9:F2} {u.SqsRequests * Price("SQS standard request"),6:F2} {u.SnsPublishes * Price("SNS standard publish"),6:F2} {u.StandardTransitions * Price("SFN Standard state transition"),8:F2} {u.ExpressRequests * Price("SFN Express request") + u.ExpressGbSeconds * Price("SFN Express GB-second"),9:F2} {u.S3Puts * Price("S3 PUT") + u.S3Gets * Price("S3 GET"),6:F2} {Total(u),9:F2}"));
}

Console.WriteLine();
Console.WriteLine("Choosing the batch size: cost per 1M subtasks by items per child execution");
foreach (var k in new[] { 1, 10, 25, 50, 100, 200, 500, 1000 })
{
    Console.WriteLine(FormattableString.Invariant($"  {k,5} items/child: {Total((Subtask(k) + perImport * (1 / rows)) * 1e6),8:F2} USD"));
}

Console.WriteLine();
Console.WriteLine("Prices (us-east-1, read 2026-11-30):");
foreach (var (item, usd, source) in prices) { Console.WriteLine(FormattableString.Invariant($"  {item,-40} {usd,14:0.###########} USD  {source}")); }
return 0;

double Total(Usage u) =>
    u.LambdaRequests * Price("Lambda request") + u.LambdaGbSeconds * Price("Lambda GB-second (x86)")
    + u.Wru * Price("DynamoDB write request unit") + u.Rru * Price("DynamoDB read request unit")
    + u.SqsRequests * Price("SQS standard request") + u.SnsPublishes * Price("SNS standard publish")
    + u.StandardTransitions * Price("SFN Standard state transition")
    + u.ExpressRequests * Price("SFN Express request") + u.ExpressGbSeconds * Price("SFN Express GB-second")
    + u.S3Puts * Price("S3 PUT") + u.S3Gets * Price("S3 GET");

/// <summary>Billable units of one task or subtask.</summary>
internal sealed record Usage
{
    public double LambdaRequests { get; init; }
    public double LambdaGbSeconds { get; init; }
    public double Wru { get; init; }
    public double Rru { get; init; }
    public double SqsRequests { get; init; }
    public double SnsPublishes { get; init; }
    public double StandardTransitions { get; init; }
    public double ExpressRequests { get; init; }
    public double ExpressGbSeconds { get; init; }
    public double S3Puts { get; init; }
    public double S3Gets { get; init; }

    public static Usage operator +(Usage a, Usage b) => new()
    {
        LambdaRequests = a.LambdaRequests + b.LambdaRequests, LambdaGbSeconds = a.LambdaGbSeconds + b.LambdaGbSeconds,
        Wru = a.Wru + b.Wru, Rru = a.Rru + b.Rru, SqsRequests = a.SqsRequests + b.SqsRequests, SnsPublishes = a.SnsPublishes + b.SnsPublishes,
        StandardTransitions = a.StandardTransitions + b.StandardTransitions, ExpressRequests = a.ExpressRequests + b.ExpressRequests,
        ExpressGbSeconds = a.ExpressGbSeconds + b.ExpressGbSeconds, S3Puts = a.S3Puts + b.S3Puts, S3Gets = a.S3Gets + b.S3Gets,
    };

    public static Usage operator *(Usage a, double f) => new()
    {
        LambdaRequests = a.LambdaRequests * f, LambdaGbSeconds = a.LambdaGbSeconds * f, Wru = a.Wru * f, Rru = a.Rru * f,
        SqsRequests = a.SqsRequests * f, SnsPublishes = a.SnsPublishes * f, StandardTransitions = a.StandardTransitions * f,
        ExpressRequests = a.ExpressRequests * f, ExpressGbSeconds = a.ExpressGbSeconds * f, S3Puts = a.S3Puts * f, S3Gets = a.S3Gets * f,
    };
}
