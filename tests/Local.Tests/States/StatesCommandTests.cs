using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Local.Tests.States;

/// <summary>End-to-end: runs the real <c>conveyor</c> executable on a sample definition with a mock configuration.</summary>
public class StatesCommandTests
{
    private static readonly string Fixtures = Path.Combine(AppContext.BaseDirectory, "States", "Fixtures");
    private static readonly string Definition = Path.Combine(Fixtures, "orders.asl.json");
    private static readonly string Mocks = Path.Combine(Fixtures, "MockConfigFile.json");
    private const string Order = """{"lines": [{"sku": "A"}, {"sku": "B"}]}""";

    [Fact]
    public async Task Run_WhenHappyPathMocked_ShouldPrintSucceededAndExitZero()
    {
        var (code, json) = await RunCliAsync("states", "run", Definition, "--input", Order, "--mock-config", Mocks, "--test-case", "HappyPath", "--no-wait", "--substitution", "ChargeFunction=charge");
        Assert.Equal(0, code);
        Assert.Equal("SUCCEEDED", json["status"]!.GetValue<string>());
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""[{"receipt": "r-1"}, [{"packed": "A#0"}, {"packed": "B#1"}]]"""), json["output"]), json.ToJsonString());
    }

    [Fact]
    public async Task Run_WhenMockThrowsTwiceThenReturns_ShouldRetryAndSucceed()
    {
        var (code, json) = await RunCliAsync("states", "run", Definition, "--input", Order, "--mock-config", Mocks, "--test-case", "FlakyThenOk", "--no-wait", "--substitution", "ChargeFunction=charge");
        Assert.Equal(0, code);
        Assert.Equal("r-3", json["output"]![0]!["receipt"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WhenPaymentDeclined_ShouldPrintFailedAndExitOne()
    {
        var (code, json) = await RunCliAsync("states", "run", Definition, "--input", Order, "--mock-config", Mocks, "--test-case", "Declined", "--substitution", "ChargeFunction=charge");
        Assert.Equal(1, code);
        Assert.Equal("FAILED", json["status"]!.GetValue<string>());
        Assert.Equal("OrderRejected", json["error"]!.GetValue<string>());
    }

    [Fact]
    public async Task Run_WhenNoMockConfig_ShouldFailClearlyBecauseNoResolver()
    {
        var (code, json) = await RunCliAsync("states", "run", Definition, "--input", Order, "--substitution", "ChargeFunction=charge");
        Assert.Equal(1, code);
        Assert.Contains("No task resource invoker", json["cause"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Run_WhenSubstitutionMissing_ShouldExitTwoWithProblems()
    {
        var (code, json) = await RunCliAsync("states", "run", Definition, "--input", Order);
        Assert.Equal(2, code);
        Assert.Equal("INVALID", json["status"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("""{"StartAt":"P","States":{"P":{"Type":"Pass","OutputPath":"$.a","End":true}}}""", """{"a":5}""", "5")]
    [InlineData("""{"StartAt":"P","States":{"P":{"Type":"Pass","InputPath":"$.a","End":true}}}""", """{"a":{"b":[1,2]}}""", """{"b":[1,2]}""")]
    [InlineData("""{"StartAt":"P","States":{"P":{"Type":"Pass","Parameters":{"both.$":"States.Array($, $)"},"End":true}}}""", """{"a":1}""", """{"both":[{"a":1},{"a":1}]}""")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% [$states.input.a, $states.input.a] %}","End":true}}}""", """{"a":{"b":1}}""", """[{"b":1},{"b":1}]""")]
    public async Task Run_WhenTheOutputIsPartOfTheInput_ShouldPrintItAndExitZero(string definition, string input, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"output-{Guid.NewGuid():N}.asl.json");
        await File.WriteAllTextAsync(file, definition);
        try
        {
            var (code, json) = await RunCliAsync("states", "run", file, "--input", input);
            Assert.Equal(0, code);
            Assert.Equal("SUCCEEDED", json["status"]!.GetValue<string>());
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(expected), json["output"]), json.ToJsonString());
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Theory]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":"{% $replace($states.input.name, /(\\w+)\\s(\\w+)/, '$2, $1') %}","End":true}}}""", 0, "\"Smith, John\"")]
    [InlineData("""{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Output":{"v":"{% $states.input.absent %}"},"End":true}}}""", 1, "States.QueryEvaluationError")]
    public async Task Run_WhenJsonataUsesRegexesOrIsUndefined_ShouldBehaveAsStepFunctions(string definition, int exitCode, string expected)
    {
        var file = Path.Combine(Path.GetTempPath(), $"jsonata-{Guid.NewGuid():N}.asl.json");
        await File.WriteAllTextAsync(file, definition);
        try
        {
            var (code, json) = await RunCliAsync("states", "run", file, "--input", """{"name":"John Smith"}""");
            Assert.Equal(exitCode, code);
            var actual = code == 0 ? json["output"]!.ToJsonString() : json["error"]!.GetValue<string>();
            Assert.Equal(expected, actual);
        }
        finally
        {
            File.Delete(file);
        }
    }

    [Fact]
    public async Task Validate_WhenDefinitionHasCycleWithoutEnd_ShouldExitTwo()
    {
        var file = Path.Combine(Path.GetTempPath(), $"cycle-{Guid.NewGuid():N}.asl.json");
        await File.WriteAllTextAsync(file, """{ "StartAt": "A", "States": { "A": { "Type": "Pass", "Next": "B" }, "B": { "Type": "Pass", "Next": "A" } } }""");
        try
        {
            var (code, json) = await RunCliAsync("states", "validate", file);
            Assert.Equal(2, code);
            Assert.False(json["valid"]!.GetValue<bool>());
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static async Task<(int Code, JsonObject Json)> RunCliAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "conveyor.dll"));
        foreach (var arg in args) { start.ArgumentList.Add(arg); }
        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(1));
        var text = await stdout;
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected exactly one JSON line, got: {text} {await stderr}");
        return (process.ExitCode, JsonNode.Parse(lines[0])!.AsObject());
    }
}
