using Microsoft.Extensions.Configuration;

namespace Conveyor.App;

/// <summary>Settings of the sample tasks, from <c>Conveyor:App</c> (environment <c>CONVEYOR__APP__TENANT</c>, <c>CONVEYOR__APP__REVIEWDOCUMENTS</c>).</summary>
public sealed record AppOptions
{
    public const string SectionName = "Conveyor:App";

    /// <summary>The tenant of tasks that file events and schedules create (files carry no tenant of their own).</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>
    /// Whether an uploaded document starts the document review workflow. On where the host can start durable executions:
    /// the embedded engine turns it on; on AWS it stays off until FileTrigger can start DocumentReview executions.
    /// </summary>
    public bool ReviewDocuments { get; init; }

    public static AppOptions FromConfiguration(IConfiguration? configuration)
    {
        var section = configuration?.GetSection(SectionName);
        var tenant = section?["Tenant"];
        return new AppOptions
        {
            Tenant = string.IsNullOrWhiteSpace(tenant) ? "default" : tenant,
            ReviewDocuments = bool.TryParse(section?["ReviewDocuments"], out var review) && review,
        };
    }
}
