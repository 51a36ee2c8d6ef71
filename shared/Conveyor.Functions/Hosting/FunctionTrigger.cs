namespace Conveyor.Functions.Hosting;

/// <summary>What invokes a function: the event source of its template.yaml resource, and the engine part that plays it locally.</summary>
public enum FunctionTrigger
{
    /// <summary>S3 bucket notifications (template <c>Events: … Type: S3</c>); locally the folder watcher's bucket-event loop.</summary>
    S3,

    /// <summary>The tasks table's DynamoDB stream (<c>Type: DynamoDB</c>); locally the change-feed loop.</summary>
    DynamoDbStream,

    /// <summary>An SQS event source mapping (<c>Type: SQS</c>); locally the task-queue loop.</summary>
    Sqs,

    /// <summary>An HTTP API route (<c>Type: HttpApi</c>); locally the engine's HTTP server.</summary>
    HttpApi,

    /// <summary>No event source: a <c>lambda:invoke</c> Task state of the state machine (its ARN is a definition substitution); locally the workflow runner.</summary>
    StateMachineTask,

    /// <summary>
    /// The target of EventBridge Scheduler schedules: those created at run time, and the template's recurring
    /// <c>WorkflowReconcile</c> (<c>Type: ScheduleV2</c>); locally the schedule loop.
    /// </summary>
    Scheduler,

    /// <summary>
    /// No event source: a durable function (template <c>DurableConfig</c>, invoked through its published alias) that the
    /// Lambda durable execution service invokes with the checkpoint envelope; locally the durable execution loop.
    /// </summary>
    DurableExecution,
}
