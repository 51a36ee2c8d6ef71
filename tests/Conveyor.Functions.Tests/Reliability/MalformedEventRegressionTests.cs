using System.Text;
using Conveyor.Core.Validation;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.ExceptionHandling;
using Conveyor.Lambda.Hosting;

namespace Conveyor.Functions.Tests.Reliability;

/// <summary>
/// Crashes the R4 suite found with more cases than its default run (seeds 1–3, 500 cases per function): JSON nulls where
/// the event model has none, null records, and lone surrogates in a free-form payload. Each is now a typed refusal.
/// </summary>
public sealed class MalformedEventRegressionTests
{
    public static TheoryData<string, string, string> NullParts => new()
    {
        { "sqs", """{"Records":null}""", "Records" },
        { "sqs", """{"Records":[null]}""", "Records[0]" },
        { "stream", """{"Records":[{"eventID":"1","eventName":"INSERT","dynamodb":null}]}""", "dynamodb" },
        { "stream", """{"Records":[null]}""", "Records[0]" },
        { "s3", """{"Records":[null]}""", "Records[0]" },
        { "s3", """{"Records":[{"eventName":"ObjectCreated:Put","s3":null}]}""", "s3" },
    };

    [Theory]
    [MemberData(nameof(NullParts))]
    public async Task InvokeAsync_WhenTheEventHasNullWhereTheModelHasNone_ShouldRefuseItAsInvalid(string function, string json, string named)
    {
        using var harness = new FunctionsHarness();
        ILambdaFunctionHandler handler = function switch
        {
            "sqs" => harness.Get<TaskWorkerHandler>(),
            "stream" => harness.Get<StreamFanOutHandler>(),
            _ => harness.Get<FileTriggerHandler>(),
        };

        var error = await Assert.ThrowsAsync<InvalidEventException>(() => handler.InvokeAsync(Encoding.UTF8.GetBytes(json), FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvokeAsync_WhenASchedulePayloadHoldsALoneSurrogate_ShouldRefuseItAsValidationNotCrash()
    {
        using var harness = new FunctionsHarness();
        var json = """{"type":"task","tenant":"acme","taskType":"echo","input":{"note":"a\ud800b"}}""";

        var error = await Assert.ThrowsAsync<ValidationException>(() =>
            ((ILambdaFunctionHandler)harness.Get<ScheduleTargetHandler>()).InvokeAsync(Encoding.UTF8.GetBytes(json), FunctionsHarness.Context(), CancellationToken.None));

        Assert.Contains("lone UTF-16 surrogate", error.Message, StringComparison.Ordinal);
    }
}
