using Microsoft.Extensions.Configuration;

namespace Conveyor.App;

/// <summary>Settings of the sample tasks, from <c>Conveyor:App</c> (environment <c>CONVEYOR__APP__TENANT</c>).</summary>
public sealed record AppOptions
{
    public const string SectionName = "Conveyor:App";

    /// <summary>The tenant of tasks that file events and schedules create (files carry no tenant of their own).</summary>
    public string Tenant { get; init; } = "default";

    public static AppOptions FromConfiguration(IConfiguration? configuration)
    {
        var tenant = configuration?.GetSection(SectionName)["Tenant"];
        return string.IsNullOrWhiteSpace(tenant) ? new AppOptions() : new AppOptions { Tenant = tenant };
    }
}
