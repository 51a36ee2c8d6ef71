namespace Conveyor.Local.Engine.Dashboard;

/// <summary>One of the page's files and its content type.</summary>
public sealed record DashboardAsset(string ContentType, string Content);
