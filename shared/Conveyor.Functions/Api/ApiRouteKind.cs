namespace Conveyor.Functions.Api;

/// <summary>The resources of the REST API.</summary>
internal enum ApiRouteKind
{
    Tasks,
    Task,
    SubTasks,
    Progress,

    /// <summary><c>POST /tasks/{id}/retry</c>.</summary>
    Retry,

    /// <summary>MBC: <c>POST /tasks/step-function-task</c>.</summary>
    MbcStepFunctionTasks,

    /// <summary>MBC: <c>GET /tasks/{pk}/{sk}</c>.</summary>
    MbcTask,

    /// <summary>MBC: <c>GET /tasks/{tenantCode}?type=TASK|SFN_TASK</c>.</summary>
    MbcTenantTasks,

    /// <summary><c>/workflows</c>: list (GET), start (POST).</summary>
    Workflows,

    /// <summary><c>/workflows/{name}</c>: status.</summary>
    Workflow,

    /// <summary><c>/workflows/{name}/history</c>.</summary>
    WorkflowHistory,

    /// <summary><c>/workflows/{name}/stop</c>.</summary>
    WorkflowStop,

    /// <summary><c>/callbacks/{callbackId}/succeed|fail|heartbeat</c> (the action in <see cref="ApiRoute.Sk"/>).</summary>
    Callback,

    /// <summary><c>GET /dead-letters</c>.</summary>
    DeadLetters,

    /// <summary><c>POST /dead-letters/{messageId}/redrive</c>.</summary>
    DeadLetterRedrive,
}
