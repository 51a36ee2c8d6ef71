using System.Text.Json;
using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Tests;

public sealed class OperationCloneTests
{
    private static readonly DateTimeOffset Started = new DateTimeOffset(2026, 11, 30, 18, 0, 0, 123, TimeSpan.FromHours(2)).AddTicks(4567);

    [Fact]
    public void Clone_WhenEveryMemberIsSet_ShouldEqualAJsonRoundTrip()
    {
        var operation = Full();

        var clone = operation.Clone();

        Assert.Equal(RoundTrip(operation), Json(clone));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(Started.ToUnixTimeMilliseconds()), clone.StartTimestamp);
        Assert.Equal(TimeSpan.Zero, clone.StartTimestamp!.Value.Offset);
    }

    [Fact]
    public void Clone_WhenOnlyTheRequiredMembersAreSet_ShouldEqualAJsonRoundTrip()
    {
        var operation = new Operation { Id = "1", Type = OperationTypes.Wait, Status = OperationStatuses.Started };

        Assert.Equal(RoundTrip(operation), Json(operation.Clone()));
    }

    [Fact]
    public void Clone_WhenTheOriginalChangesAfterwards_ShouldKeepItsOwnCopy()
    {
        var operation = Full();
        var clone = operation.Clone();
        var before = Json(clone);

        operation.Status = OperationStatuses.Failed;
        operation.StepDetails!.Result = "changed";
        operation.StepDetails.Error!.ErrorMessage = "changed";
        operation.StepDetails.Error.StackTrace!.Add("changed");
        operation.CallbackDetails!.Error!.StackTrace!.Clear();
        operation.ContextDetails!.Error!.ErrorType = "changed";
        operation.ChainedInvokeDetails!.Error!.ErrorData = "changed";
        operation.ExecutionDetails!.InputPayload = "changed";
        operation.WaitDetails!.ScheduledEndTimestamp = null;

        Assert.Equal(before, Json(clone));
    }

    private static Operation Full() => new()
    {
        Id = "op-1",
        ParentId = "parent",
        Name = "name",
        Type = OperationTypes.Step,
        SubType = OperationSubTypes.Step,
        Status = OperationStatuses.Pending,
        StartTimestamp = Started,
        EndTimestamp = Started.AddSeconds(1),
        ExecutionDetails = new ExecutionDetails { InputPayload = "{\"a\":1}" },
        ContextDetails = new ContextDetails { Result = "r", Error = Error("context"), ReplayChildren = true },
        StepDetails = new StepDetails { Result = "\"ok\"", Error = Error("step"), Attempt = 3, NextAttemptTimestamp = Started.AddSeconds(30) },
        WaitDetails = new WaitDetails { ScheduledEndTimestamp = Started.AddMinutes(5) },
        CallbackDetails = new CallbackDetails { CallbackId = "cb", Result = "yes", Error = Error("callback") },
        ChainedInvokeDetails = new ChainedInvokeDetails { Result = "42", Error = Error("invoke") },
    };

    private static ErrorObject Error(string what) => new() { ErrorType = what + "Type", ErrorMessage = what + " failed", ErrorData = "{}", StackTrace = ["at A", "at B"] };

    private static string Json(Operation operation) => JsonSerializer.Serialize(operation, DurableProtocolJsonContext.Default.Operation);

    private static string RoundTrip(Operation operation) =>
        Json(JsonSerializer.Deserialize(JsonSerializer.SerializeToUtf8Bytes(operation, DurableProtocolJsonContext.Default.Operation), DurableProtocolJsonContext.Default.Operation)!);
}
