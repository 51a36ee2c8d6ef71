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
}
