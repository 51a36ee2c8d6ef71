using System.Text.Json.Nodes;
using Conveyor.States.Execution;
using Conveyor.States.Items;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Map;

public sealed class ResultWriterTests : IDisposable
{
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory();

    public void Dispose() => _root.Delete(true);

    private const string Definition = """
        { "StartAt": "M", "States": { "M": { "Type": "Map", "End": true, "ToleratedFailureCount": 1,
          "ResultWriter": { "Resource": "arn:aws:states:::s3:putObject", "Parameters": { "Bucket": "out", "Prefix": "runs" } },
          "ItemProcessor": { "ProcessorConfig": { "Mode": "DISTRIBUTED" }, "StartAt": "C", "States": {
            "C": { "Type": "Choice", "Choices": [ { "Variable": "$", "NumericEquals": 2, "Next": "F" } ], "Default": "P" },
            "F": { "Type": "Fail", "Error": "Two", "Cause": "c" },
            "P": { "Type": "Pass", "End": true } } } } } }
        """;

    [Fact]
    public async Task Execute_WhenResultWriterConfigured_ShouldWriteFilesAndReturnDetails()
    {
        var runner = new StateMachineRunner(Asl.Load(Definition), new StateMachineRunnerOptions { ResultWriter = new FolderResultWriter(_root.FullName) });
        var result = await runner.RunAsync(JsonNode.Parse("[1, 2, 3]"));
        Assert.True(result.Succeeded, result.Cause);
        var key = result.Output!["ResultWriterDetails"]!["Key"]!.GetValue<string>();
        Assert.StartsWith("runs/", key, StringComparison.Ordinal);
        Assert.Equal("out", result.Output["ResultWriterDetails"]!["Bucket"]!.GetValue<string>());
        var folder = Path.GetDirectoryName(Path.Combine(_root.FullName, "out", key))!;
        Assert.Equal(2, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "SUCCEEDED_0.json")))!.AsArray().Count);
        Assert.Equal(1, JsonNode.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "FAILED_0.json")))!.AsArray()[0]!["Index"]!.GetValue<int>());
        Assert.True(File.Exists(Path.Combine(folder, "manifest.json")));
    }

    [Fact]
    public async Task Execute_WhenNoResultWriterConfigured_ShouldFailWithResultWriterFailed() =>
        Assert.Equal("States.ResultWriterFailed", (await Asl.RunAsync(Definition, "[1]")).Error);
}
