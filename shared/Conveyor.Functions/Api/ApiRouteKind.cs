namespace Conveyor.Functions.Api;

/// <summary>The resources of the REST API.</summary>
internal enum ApiRouteKind
{
    Tasks,
    Task,
    SubTasks,
    Progress,
}
