using Conveyor.Functions.Hosting;

namespace Conveyor.Deployment.Tests;

/// <summary>
/// Every function is described once in code (<see cref="FunctionDescriptors.All"/>); template.yaml must agree with those
/// descriptors, both ways: name and folder, handler, event source, timeout.
/// </summary>
public sealed class FunctionDescriptorTemplateTests
{
    private static readonly string Template = File.ReadAllText(RepositoryFiles.PathOf("template.yaml"));
    private static readonly IReadOnlyList<TemplateFunction> Functions = TemplateFunction.ReadAll(Template);

    public static TheoryData<string> Descriptors() => new(FunctionDescriptors.All.Select(f => f.Name));

    [Fact]
    public void Template_WhenItsFunctionsAreRead_ShouldDeclareExactlyTheDescribedOnes()
    {
        Assert.Equal(
            FunctionDescriptors.All.Select(f => f.LogicalId).Order(StringComparer.Ordinal),
            Functions.Select(f => f.LogicalId).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_WhenComparedWithItsTemplateResource_ShouldAgreeOnCodeHandlerTimeoutAndEvents(string name)
    {
        var descriptor = FunctionDescriptors.Find(name)!;
        var function = Assert.Single(Functions, f => f.LogicalId == descriptor.LogicalId);

        Assert.Equal($"functions/{descriptor.Name}/", function.CodeUri);
        // The managed runtime runs the executable named by Handler; a custom runtime (provided.*) runs the file bootstrap.
        var runtime = function.Runtime ?? TemplateFunction.Global(Template, "Runtime");
        var expectedHandler = runtime is not null && runtime.StartsWith("provided", StringComparison.Ordinal) ? "bootstrap" : descriptor.Name;
        Assert.Equal(expectedHandler, function.Handler);
        var timeout = function.Timeout ?? int.Parse(TemplateFunction.Global(Template, "Timeout") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(descriptor.Timeout, TimeSpan.FromSeconds(timeout));
        Assert.Equal(ExpectedEventTypes(descriptor.Trigger), function.EventTypes.Distinct().Order(StringComparer.Ordinal));
        Assert.Contains($"FunctionName: !Sub \"conveyor-${{Stage}}-{descriptor.Suffix}\"", Template, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Descriptors))]
    public void Descriptor_WhenItHasNoEventSource_ShouldBeReachableTheWayItsTriggerSays(string name)
    {
        var descriptor = FunctionDescriptors.Find(name)!;
        switch (descriptor.Trigger)
        {
            case FunctionTrigger.StateMachineTask:
                // The state machine gets the function's ARN as a definition substitution.
                Assert.Contains($"{descriptor.LogicalId}Arn: !GetAtt {descriptor.LogicalId}.Arn", Template, StringComparison.Ordinal);
                break;
            case FunctionTrigger.DurableExecution:
                // Durable invocations need a qualified ARN: the function is durable and publishes an alias.
                var block = Template[Template.IndexOf($"  {descriptor.LogicalId}:", StringComparison.Ordinal)..];
                block = block[..block.IndexOf("\n\n", StringComparison.Ordinal)];
                Assert.Contains("DurableConfig:", block, StringComparison.Ordinal);
                Assert.Contains("AutoPublishAlias:", block, StringComparison.Ordinal);
                break;
            case FunctionTrigger.Scheduler:
                // Schedules are created at run time with the target's ARN from configuration (besides the template's own).
                Assert.Contains($"function:conveyor-${{Stage}}-{descriptor.Suffix}\"", Template, StringComparison.Ordinal);
                break;
            default:
                Assert.NotEmpty(ExpectedEventTypes(descriptor.Trigger));
                break;
        }
    }

    [Fact]
    public void TemplateReader_WhenGivenAFunctionBlock_ShouldReadItsProperties()
    {
        const string yaml = """
            Globals:
              Function:
                Runtime: dotnet10
                Timeout: 30

            Resources:
              OneFunction:
                Type: AWS::Serverless::Function
                Properties:
                  CodeUri: functions/One/
                  Handler: One
                  Timeout: 45
                  Events:
                    Queued:
                      Type: SQS
                      Properties:
                        Queue: !GetAtt Q.Arn
                  EventInvokeConfig:
                    DestinationConfig:
                      OnFailure:
                        Type: SQS
              NotAFunction:
                Type: AWS::SQS::Queue
            """;

        var function = Assert.Single(TemplateFunction.ReadAll(yaml));

        Assert.Equal(("OneFunction", "functions/One/", "One", (string?)null, (int?)45), (function.LogicalId, function.CodeUri, function.Handler, function.Runtime, function.Timeout));
        Assert.Equal(["SQS"], function.EventTypes);
        Assert.Equal("dotnet10", TemplateFunction.Global(yaml, "Runtime"));
        Assert.Equal("30", TemplateFunction.Global(yaml, "Timeout"));
    }

    private static string[] ExpectedEventTypes(FunctionTrigger trigger) => trigger switch
    {
        FunctionTrigger.S3 => ["S3"],
        FunctionTrigger.DynamoDbStream => ["DynamoDB"],
        FunctionTrigger.Sqs => ["SQS"],
        FunctionTrigger.HttpApi => ["HttpApi"],
        // The schedules created at run time have no template event; the recurring WorkflowReconcile sweep has one.
        FunctionTrigger.Scheduler => ["ScheduleV2"],
        _ => [],
    };
}
