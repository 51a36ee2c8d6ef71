using System.Text;
using Conveyor.Aws.Lambda;
using Conveyor.Durable.Protocol;

namespace Conveyor.Aws.Tests.Lambda;

/// <summary>GetDurableExecutionHistory events (the API reference's Event shape) folded into operations.</summary>
public sealed class DurableHistoryTests
{
    [Fact]
    public void Fold_WhenEventsCoverEveryOperationKind_ShouldGiveEachOperationItsLatestStatusAndDetails()
    {
        var page = """
            {"Events":[
              {"EventType":"ExecutionStarted","EventId":1,"Id":"e1","Name":"review-42","EventTimestamp":1764489600,
               "ExecutionStartedDetails":{"Input":{"Payload":"{\"ConveyorTaskId\":\"TASK#acme#document-review#01J\",\"Input\":{\"Key\":\"a.pdf\"}}","Truncated":false},"ExecutionTimeout":3024000}},
              {"EventType":"StepStarted","SubType":"Step","EventId":2,"Id":"s1","Name":"extract","EventTimestamp":1764489601,"StepStartedDetails":{}},
              {"EventType":"StepFailed","SubType":"Step","EventId":3,"Id":"s1","Name":"extract","EventTimestamp":1764489602,
               "StepFailedDetails":{"Error":{"Payload":{"ErrorType":"TimeoutException","ErrorMessage":"slow"},"Truncated":false},"RetryDetails":{"CurrentAttempt":1,"NextAttemptDelaySeconds":4}}},
              {"EventType":"StepSucceeded","SubType":"Step","EventId":4,"Id":"s2","ParentId":"c1","Name":"check","EventTimestamp":1764489603,
               "StepSucceededDetails":{"Result":{"Payload":"{\"pages\":3}","Truncated":false},"RetryDetails":{"CurrentAttempt":2}}},
              {"EventType":"WaitStarted","SubType":"Wait","EventId":5,"Id":"w1","Name":"retention","EventTimestamp":1764489604,
               "WaitStartedDetails":{"Duration":86400,"ScheduledEndTimestamp":1764576004.5}},
              {"EventType":"ContextSucceeded","SubType":"Map","EventId":6,"Id":"c1","Name":"checks","EventTimestamp":1764489605,
               "ContextSucceededDetails":{"Result":{"Payload":"[1,2]","Truncated":false}}},
              {"EventType":"InvocationCompleted","EventId":7,"EventTimestamp":1764489606,"InvocationCompletedDetails":{"StartTimestamp":1764489600,"EndTimestamp":1764489606,"RequestId":"r-1"}},
              {"EventType":"ChainedInvokeFailed","SubType":"ChainedInvoke","EventId":8,"Id":"i1","Name":"price","EventTimestamp":1764489607,
               "ChainedInvokeFailedDetails":{"Error":{"Payload":{"ErrorType":"Boom"},"Truncated":false}}},
              {"EventType":"CallbackTimedOut","SubType":"Callback","EventId":9,"Id":"cb1","Name":"approval","EventTimestamp":1764489608,
               "CallbackTimedOutDetails":{"Error":{"Payload":{"ErrorType":"CallbackTimeout"},"Truncated":false}}}
            ],"NextMarker":"page-2"}
            """;
        var operations = new List<Operation>();

        var next = DurableHistory.Fold(Encoding.UTF8.GetBytes(page), operations);

        Assert.Equal("page-2", next);
        Assert.Equal(["e1", "s1", "s2", "w1", "c1", "i1", "cb1"], operations.Select(o => o.Id));
        var execution = operations[0];
        Assert.Equal((OperationTypes.Execution, OperationStatuses.Started), (execution.Type, execution.Status));
        Assert.Equal("{\"Key\":\"a.pdf\"}", execution.ExecutionDetails?.InputPayload);
        var retried = operations[1];
        Assert.Equal(OperationStatuses.Pending, retried.Status);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764489606), retried.StepDetails?.NextAttemptTimestamp);
        Assert.Equal("TimeoutException", retried.StepDetails?.Error?.ErrorType);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764489601), retried.StartTimestamp);
        var step = operations[2];
        Assert.Equal((OperationStatuses.Succeeded, "c1", "{\"pages\":3}", 2), (step.Status, step.ParentId, step.StepDetails?.Result, step.StepDetails?.Attempt));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1764576004500), operations[3].WaitDetails?.ScheduledEndTimestamp);
        Assert.Equal((OperationTypes.Context, "Map", "[1,2]"), (operations[4].Type, operations[4].SubType, operations[4].ContextDetails?.Result));
        Assert.Equal((OperationTypes.ChainedInvoke, OperationStatuses.Failed, "Boom"), (operations[5].Type, operations[5].Status, operations[5].ChainedInvokeDetails?.Error?.ErrorType));
        Assert.Equal((OperationTypes.Callback, OperationStatuses.TimedOut, "CallbackTimeout"), (operations[6].Type, operations[6].Status, operations[6].CallbackDetails?.Error?.ErrorType));
    }

    [Fact]
    public void Fold_WhenTheLastPage_ShouldReturnNoMarker()
    {
        var operations = new List<Operation>();

        Assert.Null(DurableHistory.Fold("""{"Events":[]}"""u8, operations));
        Assert.Empty(operations);
    }
}
