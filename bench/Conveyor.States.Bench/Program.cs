using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.States.Definition;
using Conveyor.States.Execution;

// Usage: Conveyor.States.Bench <definition.asl.json> <input.json> | --items N <definition.asl.json>
// Prints one JSON line: wall time of load+run, allocated bytes and peak working set. Run one case per process so
// the peak working set belongs to that case (bench/states-compare/run.sh does this).
if (args.Length < 2)
{
    Console.Error.WriteLine("usage: Conveyor.States.Bench <definition.asl.json> <input.json>  |  --items N <definition.asl.json>");
    return 2;
}

var stopwatch = Stopwatch.StartNew();
string definitionFile;
JsonNode? input;
if (args[0] == "--items")
{
    var count = int.Parse(args[1], CultureInfo.InvariantCulture);
    definitionFile = args[2];
    var items = new JsonArray();
    for (var i = 0; i < count; i++) { items.Add((JsonNode)new JsonObject { ["id"] = i, ["name"] = $"item-{i}" }); }
    input = new JsonObject { ["items"] = items };
}
else
{
    definitionFile = args[0];
    input = JsonNode.Parse(await File.ReadAllTextAsync(args[1]));
}

var definition = StateMachineDefinition.TryLoad(await File.ReadAllTextAsync(definitionFile), null, out var validation)
    ?? throw new InvalidOperationException(string.Join("; ", validation.Problems));
var result = await new StateMachineRunner(definition, new StateMachineRunnerOptions { NoWait = true }).RunAsync(input);
stopwatch.Stop();
if (!result.Succeeded)
{
    Console.Error.WriteLine($"{result.Error}: {result.Cause}");
    return 1;
}

using var process = Process.GetCurrentProcess();
process.Refresh();
var line = new JsonObject
{
    ["tool"] = "Conveyor.States",
    ["wallMs"] = stopwatch.ElapsedMilliseconds,
    ["count"] = (result.Output as JsonArray)?.Count,
    ["allocatedMB"] = Math.Round(GC.GetTotalAllocatedBytes() / 1048576.0, 1),
    ["peakWorkingSetMB"] = Math.Round(process.PeakWorkingSet64 / 1048576.0, 1),
};
Console.WriteLine(line.ToJsonString());
return 0;
