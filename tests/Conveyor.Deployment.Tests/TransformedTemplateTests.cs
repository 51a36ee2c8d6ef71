using System.Text.Json;
using System.Text.RegularExpressions;

namespace Conveyor.Deployment.Tests;

/// <summary>Checks of what CloudFormation receives: template.yaml after the SAM transform.</summary>
public sealed partial class TransformedTemplateTests
{
    [Fact]
    public async Task CfnLint_WhenRunOnTransformedTemplate_ShouldReportNothing()
    {
        var cfnLint = RepositoryFiles.FindOnPath("cfn-lint") ?? "cfn-lint";
        var file = await TransformedTemplate.FileAsync();

        var (code, output) = await RepositoryFiles.RunToolAsync(
            cfnLint, "Run scripts/ensure-test-tools.sh (it installs cfn-lint with pip where PyPI is reachable).", file);

        Assert.True(code == 0, $"cfn-lint found problems in the transformed template:\n{output}");
    }

    [Fact]
    public async Task StreamFanOut_WhenItsStreamBatchFailsForGood_ShouldBeAllowedToSendItToTheFailureDestination()
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        var mapping = resources.EnumerateObject().Single(r =>
            Type(r.Value) == "AWS::Lambda::EventSourceMapping" && r.Value.GetProperty("Properties").GetProperty("FunctionName").GetRawText().Contains("StreamFanOutFunction", StringComparison.Ordinal));
        var destination = mapping.Value.GetProperty("Properties").GetProperty("DestinationConfig").GetProperty("OnFailure").GetProperty("Destination");

        var statements = RoleStatements(resources, "StreamFanOutFunctionRole");

        Assert.Contains(statements, s => Actions(s).Contains("sqs:SendMessage") && Resources(s).Contains(Whitespace().Replace(destination.GetRawText(), "")));
    }

    [Fact]
    public async Task Functions_WhenDeployed_ShouldBeNativeBootstrapsThatTheMakefileBuilds()
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        var makefile = await File.ReadAllTextAsync(RepositoryFiles.PathOf("Makefile"));
        var functions = resources.EnumerateObject().Where(r => Type(r.Value) == "AWS::Lambda::Function").ToList();

        Assert.NotEmpty(functions);
        Assert.All(functions, f =>
        {
            var properties = f.Value.GetProperty("Properties");
            var metadata = f.Value.GetProperty("Metadata");
            Assert.Equal("provided.al2023", properties.GetProperty("Runtime").GetString());
            Assert.Equal("makefile", metadata.GetProperty("BuildMethod").GetString());
            Assert.Equal(".", metadata.GetProperty("ProjectRootDirectory").GetString());
            Assert.Equal(".", metadata.GetProperty("ContextPath").GetString());
            Assert.Equal("bootstrap", properties.GetProperty("Handler").GetString());
            var name = Conveyor.Functions.Hosting.FunctionDescriptors.Find(f.Name)?.Name ?? f.Name.Replace("Function", "", StringComparison.Ordinal);
            Assert.Matches($@"(?m)^build-{f.Name}: ; \$\(call publish,{name}\)$", makefile);
            Assert.True(File.Exists(RepositoryFiles.PathOf("functions", name, name + ".csproj")), $"{f.Name}: functions/{name}/{name}.csproj is missing");
        });
    }

    [Fact]
    public async Task TaskQueue_WhenTaskWorkerDrainsIt_ShouldHideMessagesForSixTimesTheFunctionTimeout()
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        var visibility = resources.GetProperty("TaskQueue").GetProperty("Properties").GetProperty("VisibilityTimeout").GetInt32();
        var timeout = resources.GetProperty("TaskWorkerFunction").GetProperty("Properties").GetProperty("Timeout").GetInt32();

        Assert.True(visibility >= 6 * timeout, $"VisibilityTimeout {visibility} s < 6 x TaskWorker's {timeout} s");
    }

    [Theory]
    [InlineData("TaskDeadLetterQueue", "AWS/SQS", "ApproximateNumberOfMessagesVisible")]
    [InlineData("AsyncFailureQueue", "AWS/SQS", "ApproximateNumberOfMessagesVisible")]
    [InlineData("StepFunctionTaskStateMachine", "AWS/States", "ExecutionsFailed")]
    [InlineData("StepFunctionTaskStateMachine", "AWS/States", "ExecutionsTimedOut")]
    [InlineData("FileTriggerFunction", "AWS/Lambda", "Errors")]
    [InlineData("StreamFanOutFunction", "AWS/Lambda", "Errors")]
    [InlineData("TaskWorkerFunction", "AWS/Lambda", "Errors")]
    [InlineData("MapItemFunction", "AWS/Lambda", "Errors")]
    [InlineData("FinalizeFunction", "AWS/Lambda", "Errors")]
    [InlineData("ScheduleTargetFunction", "AWS/Lambda", "Errors")]
    [InlineData("ApiFunction", "AWS/Lambda", "Errors")]
    public async Task Alarms_WhenSomethingFails_ShouldNotifyTheAlarmTopic(string resource, string metricNamespace, string metric)
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");

        var alarms = resources.EnumerateObject().Select(r => r.Value).Where(r =>
            Type(r) == "AWS::CloudWatch::Alarm"
            && r.GetProperty("Properties").GetProperty("Namespace").GetString() == metricNamespace
            && r.GetProperty("Properties").GetProperty("MetricName").GetString() == metric
            && r.GetProperty("Properties").GetProperty("Dimensions").GetRawText().Contains($"\"{resource}\"", StringComparison.Ordinal));

        var alarm = Assert.Single(alarms);
        Assert.Contains("{\"Ref\":\"AlarmTopic\"}", Whitespace().Replace(alarm.GetProperty("Properties").GetProperty("AlarmActions").GetRawText(), ""), StringComparison.Ordinal);
    }

    [Fact]
    public async Task StepFunctionTask_WhenABatchIsSlow_ShouldRecordItsFailuresBeforeTheExpressChildTimesOut()
    {
        // An EXPRESS child execution stops after 300 s. Worst case of the item processor: RunSubTaskBatch runs (1 + retries
        // of States.Timeout) times for its TimeoutSeconds, plus every retry delay of every retrier (capped by
        // MaxDelaySeconds), then RecordBatchFailure the same way. Other errors (Lambda service errors) fail fast. Inside
        // one invocation MapItem keeps every subtask's attempts within the function's timeout (SubTaskBatchRunner).
        const int expressLimitSeconds = 300;
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        using var asl = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("statemachines", "step-function-task.asl.json")));
        var processor = asl.RootElement.GetProperty("States").GetProperty("RunSubTasks").GetProperty("ItemProcessor");
        var states = processor.GetProperty("States");
        var mapItemTimeout = resources.GetProperty("MapItemFunction").GetProperty("Properties").GetProperty("Timeout").GetInt32();

        var worst = WorstCaseSeconds(states.GetProperty("RunSubTaskBatch")) + WorstCaseSeconds(states.GetProperty("RecordBatchFailure"));

        Assert.Equal("EXPRESS", processor.GetProperty("ProcessorConfig").GetProperty("ExecutionType").GetString());
        Assert.Equal(mapItemTimeout, states.GetProperty("RunSubTaskBatch").GetProperty("TimeoutSeconds").GetInt32());
        Assert.Equal(280, worst);
        Assert.True(worst < expressLimitSeconds, $"worst case {worst} s reaches the EXPRESS limit of {expressLimitSeconds} s");
        Assert.Contains(states.GetProperty("RunSubTaskBatch").GetProperty("Retry").EnumerateArray(),
            r => r.GetProperty("ErrorEquals").EnumerateArray().Any(e => e.GetString() == "States.Timeout"));
        Assert.Contains(states.GetProperty("RunSubTaskBatch").GetProperty("Retry").EnumerateArray(),
            r => r.GetProperty("ErrorEquals").EnumerateArray().Any(e => e.GetString() == nameof(Conveyor.Functions.MapItem.SubTaskBatchIncompleteException)));
        // One invocation's subtasks, one attempt each at most, fit the function's timeout with the runner's reserve.
        Assert.True(Conveyor.Functions.MapItem.SubTaskBatchRunner.AttemptTimeout + Conveyor.Functions.MapItem.SubTaskBatchRunner.DeadlineReserve < TimeSpan.FromSeconds(mapItemTimeout));
    }

    [Fact]
    public async Task StepFunctionTask_ShouldBatchItsSubtasksWithTheCostModelsBatchSize()
    {
        using var asl = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("statemachines", "step-function-task.asl.json")));
        var map = asl.RootElement.GetProperty("States").GetProperty("RunSubTasks");
        var batcher = map.GetProperty("ItemBatcher");

        // bench/Conveyor.Cost.Bench: 100 items per child is where the cost per 1M subtasks flattens.
        Assert.Equal(100, batcher.GetProperty("MaxItemsPerBatch").GetInt32());
        Assert.Equal("$.parent", batcher.GetProperty("BatchInput").GetProperty("parent.$").GetString());
        Assert.Equal("$", map.GetProperty("ItemProcessor").GetProperty("States").GetProperty("RunSubTaskBatch").GetProperty("Parameters").GetProperty("Payload.$").GetString());
    }

    private static double WorstCaseSeconds(JsonElement state)
    {
        var timeout = state.GetProperty("TimeoutSeconds").GetInt32();
        var attempts = 1;
        var delays = 0.0;
        foreach (var retrier in state.GetProperty("Retry").EnumerateArray())
        {
            var errors = retrier.GetProperty("ErrorEquals").EnumerateArray().Select(e => e.GetString()).ToList();
            var maxAttempts = retrier.TryGetProperty("MaxAttempts", out var m) ? m.GetInt32() : 3;
            var interval = retrier.TryGetProperty("IntervalSeconds", out var i) ? i.GetDouble() : 1;
            var rate = retrier.TryGetProperty("BackoffRate", out var b) ? b.GetDouble() : 2;
            var cap = retrier.TryGetProperty("MaxDelaySeconds", out var c) ? c.GetDouble() : double.MaxValue;
            if (errors.Contains("States.Timeout") || errors.Contains("States.ALL"))
            {
                attempts += maxAttempts;
            }

            for (var n = 0; n < maxAttempts; n++)
            {
                delays += Math.Min(interval * Math.Pow(rate, n), cap);
            }
        }

        return (attempts * timeout) + delays;
    }

    private static string? Type(JsonElement resource) => resource.TryGetProperty("Type", out var type) ? type.GetString() : null;

    private static List<JsonElement> RoleStatements(JsonElement resources, string role) =>
        resources.GetProperty(role).GetProperty("Properties").GetProperty("Policies").EnumerateArray()
            .SelectMany(p => p.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            .ToList();

    private static List<string> Actions(JsonElement statement) => OneOrMany(statement.GetProperty("Action")).Select(a => a.GetString()!).ToList();

    private static List<string> Resources(JsonElement statement) =>
        OneOrMany(statement.GetProperty("Resource")).Select(r => Whitespace().Replace(r.GetRawText(), "")).ToList();

    private static List<JsonElement> OneOrMany(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
