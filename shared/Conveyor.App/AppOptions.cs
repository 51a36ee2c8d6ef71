using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.App;

/// <summary>Settings of the sample tasks, from <c>Conveyor:App</c> (environment <c>CONVEYOR__APP__TENANT</c>, <c>CONVEYOR__APP__REVIEWDOCUMENTS</c>).</summary>
public sealed record AppOptions : IValidatedOptions<AppOptions>
{
    public const string SectionName = "Conveyor:App";

    /// <summary>The tenant of tasks that file events and schedules create (files carry no tenant of their own).</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>
    /// Whether an uploaded document starts the document review workflow. On where the host can start durable executions:
    /// the embedded engine turns it on; on AWS it stays off until FileTrigger can start DocumentReview executions.
    /// </summary>
    public bool ReviewDocuments { get; init; }

    /// <summary>Reads the <c>Conveyor:App</c> section; absent values keep their defaults.</summary>
    /// <exception cref="ValidationException">ReviewDocuments is neither true nor false.</exception>
    public static AppOptions FromConfiguration(IConfiguration? configuration)
    {
        var section = configuration?.GetSection(SectionName);
        var tenant = section?["Tenant"];
        var review = section?["ReviewDocuments"];
        return new AppOptions
        {
            Tenant = string.IsNullOrWhiteSpace(tenant) ? "default" : tenant,
            ReviewDocuments = ParseFlag(review),
        };
    }

    /// <summary>Checks the settings once, when the host starts.</summary>
    /// <exception cref="ValidationException">The tenant cannot be a task key's tenant; the message names the setting.</exception>
    public AppOptions Validate()
    {
        try
        {
            TaskKeys.ValidateTenant(Tenant);
        }
        catch (ValidationException ex)
        {
            throw new ValidationException($"Conveyor:App:Tenant (CONVEYOR__APP__TENANT) is not a valid tenant: {ex.Message}", ex);
        }

        return this;
    }

    private static bool ParseFlag(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        return bool.TryParse(value, out var flag)
            ? flag
            : throw new ValidationException($"Conveyor:App:ReviewDocuments (CONVEYOR__APP__REVIEWDOCUMENTS) must be true or false; got '{value}'.", nameof(value));
    }
}
