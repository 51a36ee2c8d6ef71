using System.Text.Json;
using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;
using Conveyor.Local.Durable;

namespace Conveyor.Local.Tests.Durable;

/// <summary>The stored operation JSON written member by member is the text the generated serializer writes, byte for byte.</summary>
public sealed class StoredOperationJsonTests
{
    private static readonly DateTimeOffset Start = new(2026, 12, 1, 5, 48, 17, 936, TimeSpan.Zero);

    public static TheoryData<string> Names => [.. Operations().Keys];

    [Theory]
    [MemberData(nameof(Names))]
    public void Serialize_ShouldWriteTheGeneratedSerializersText(string name)
    {
        var operation = Operations()[name];

        Assert.Equal(JsonSerializer.Serialize(operation, DurableServiceJsonContext.Default.Operation), StoredOperationJson.Serialize(operation));
    }

    [Fact]
    public void Serialize_WhenCalledAgain_ShouldNotCarryTheLastOperationsText()
    {
        var operations = Operations().Values.ToList();
        var texts = operations.Select(StoredOperationJson.Serialize).ToList();

        Assert.Equal(operations.Select(o => JsonSerializer.Serialize(o, DurableServiceJsonContext.Default.Operation)), texts);
        Assert.Equal(texts.Count, texts.Distinct(StringComparer.Ordinal).Count());
    }

    private static Dictionary<string, Operation> Operations()
    {
        var error = new ErrorObject { ErrorType = "Boom<&>", ErrorMessage = "d\u00e9j\u00e0 vu \"quoted\"\n\ttab \u2028 \ud83d\ude00", ErrorData = "{\"a\":1}", StackTrace = ["at A()", "at B() '+'"] };
        return new Dictionary<string, Operation>(StringComparer.Ordinal)
        {
            ["empty"] = new Operation(),
            ["nulls"] = new Operation { Id = null!, Type = null!, Status = null! },
            ["execution"] = new Operation
            {
                Id = "exec", Type = OperationTypes.Execution, Status = OperationStatuses.Started, StartTimestamp = Start,
                ExecutionDetails = new ExecutionDetails { InputPayload = "{\"n\":\"<script>\"}" },
            },
            ["step succeeded"] = new Operation
            {
                Id = "6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", Name = "step-0", Type = OperationTypes.Step, SubType = "Step",
                Status = OperationStatuses.Succeeded, StartTimestamp = Start, EndTimestamp = Start.AddMilliseconds(64),
                StepDetails = new StepDetails { Result = "1", Attempt = 0 },
            },
            ["step retrying"] = new Operation
            {
                Id = "s", ParentId = "p", Name = "n\u00fc", Type = OperationTypes.Step, Status = "PENDING", StartTimestamp = new DateTimeOffset(2026, 12, 1, 7, 0, 0, 0, TimeSpan.FromHours(2)),
                StepDetails = new StepDetails { Error = error, Attempt = 3, NextAttemptTimestamp = Start.AddSeconds(10).AddTicks(5_678) },
            },
            ["step whole seconds"] = new Operation
            {
                Id = "w", Type = OperationTypes.Step, Status = OperationStatuses.Started, StartTimestamp = new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero),
                StepDetails = new StepDetails(),
            },
            ["wait"] = new Operation
            {
                Id = "t", Type = "WAIT", Status = OperationStatuses.Started, StartTimestamp = Start,
                WaitDetails = new WaitDetails { ScheduledEndTimestamp = Start.AddDays(3).AddMilliseconds(100) },
            },
            ["wait without end"] = new Operation { Id = "t2", Type = "WAIT", Status = OperationStatuses.Started, WaitDetails = new WaitDetails() },
            ["context"] = new Operation
            {
                Id = "c", Type = "CONTEXT", SubType = "Map", Status = "FAILED", EndTimestamp = Start,
                ContextDetails = new ContextDetails { Result = "[1,2]", Error = error, ReplayChildren = true },
            },
            ["callback"] = new Operation
            {
                Id = "cb", Type = "CALLBACK", Status = OperationStatuses.Started,
                CallbackDetails = new CallbackDetails { CallbackId = "abc/def+=", Result = "\"ok\"", Error = new ErrorObject { ErrorType = "T" } },
            },
            ["chained invoke"] = new Operation
            {
                Id = "i", Type = "CHAINED_INVOKE", Status = OperationStatuses.Succeeded,
                ChainedInvokeDetails = new ChainedInvokeDetails { Result = "42", Error = new ErrorObject() },
            },
        };
    }
}
