using System.Globalization;
using Conveyor.Core.Notifications;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.Functions;

/// <summary>
/// Settings of the function handlers, from the <c>Conveyor</c> configuration section (environment variables
/// <c>CONVEYOR__SERVICE</c>, <c>CONVEYOR__ARTIFACTSBUCKET</c>, <c>CONVEYOR__MAXATTEMPTS</c>, <c>CONVEYOR__BUCKETS__&lt;Logical&gt;</c>).
/// </summary>
public sealed record FunctionsOptions : IValidatedOptions<FunctionsOptions>
{
    public const string SectionName = "Conveyor";
    public const int DefaultMaxAttempts = 5;

    /// <summary>The tenant of the FAILED tasks that record rejected files (<c>Conveyor:Tenant</c>; default <c>default</c>).</summary>
    public string Tenant { get; init; } = "default";

    /// <summary>Recorded as <c>meta.service</c> of commands.</summary>
    public string ServiceName { get; init; } = "conveyor";

    /// <summary>Where StreamFanOut writes the Map manifests (<c>manifests/&lt;execution name&gt;.json</c>).</summary>
    public string ArtifactsBucket { get; init; } = "";

    /// <summary>Deliveries of a task message before a failed attempt is final (the task queue's maxReceiveCount).</summary>
    public int MaxAttempts { get; init; } = DefaultMaxAttempts;

    /// <summary>
    /// Which notification bodies StreamFanOut publishes (<c>Conveyor:NotificationFormat</c>, <c>CONVEYOR__NOTIFICATIONFORMAT</c>:
    /// conveyor, mbc or both; default conveyor).
    /// </summary>
    public NotificationFormat NotificationFormat { get; init; } = NotificationFormat.Conveyor;

    /// <summary>The tasks table name MBC's notification bodies carry as <c>table</c> (<c>CONVEYOR__TASKSTABLE</c>; default <c>tasks</c>).</summary>
    public string TasksTable { get; init; } = "tasks";

    /// <summary>Logical bucket name (<c>&lt;Task&gt;Bucket</c>) → physical bucket name.</summary>
    public IReadOnlyDictionary<string, string> Buckets { get; init; } = new Dictionary<string, string>();

    /// <summary>Reads the <c>Conveyor</c> section; absent values keep their defaults.</summary>
    /// <exception cref="ValidationException">MaxAttempts is not an integer.</exception>
    public static FunctionsOptions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        var defaults = new FunctionsOptions();
        var maxAttempts = section["MaxAttempts"];
        return new FunctionsOptions
        {
            ServiceName = section["Service"] is { Length: > 0 } service ? service : defaults.ServiceName,
            Tenant = section["Tenant"] is { Length: > 0 } tenant ? tenant : defaults.Tenant,
            ArtifactsBucket = section["ArtifactsBucket"] ?? string.Empty,
            NotificationFormat = NotificationFormatOptions.ParseFormat(section["NotificationFormat"], "Conveyor:NotificationFormat (CONVEYOR__NOTIFICATIONFORMAT)"),
            TasksTable = section["TasksTable"] is { Length: > 0 } table ? table : defaults.TasksTable,
            MaxAttempts = maxAttempts is null
                ? DefaultMaxAttempts
                : int.TryParse(maxAttempts, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n)
                    ? n
                    : throw new ValidationException($"Conveyor:MaxAttempts must be a whole number; got '{maxAttempts}'.", nameof(configuration)),
            Buckets = section.GetSection("Buckets").GetChildren()
                .Where(child => child.Value is not null)
                .ToDictionary(child => child.Key, child => child.Value!, StringComparer.OrdinalIgnoreCase),
        };
    }

    /// <summary>Checks the settings (once, when the host starts), so a misconfigured function fails its init instead of its first event.</summary>
    /// <exception cref="ValidationException">The first problem found, naming the setting and how to fix it.</exception>
    public FunctionsOptions Validate()
    {
        if (string.IsNullOrWhiteSpace(ServiceName))
        {
            throw new ValidationException("Conveyor:Service (CONVEYOR__SERVICE) must name the service.", nameof(ServiceName));
        }

        if (string.IsNullOrWhiteSpace(ArtifactsBucket))
        {
            throw new ValidationException("Conveyor:ArtifactsBucket (CONVEYOR__ARTIFACTSBUCKET) must name the bucket for workflow manifests.", nameof(ArtifactsBucket));
        }

        if (MaxAttempts is < 1 or > 1000)
        {
            throw new ValidationException($"Conveyor:MaxAttempts (CONVEYOR__MAXATTEMPTS) must be 1–1000 (the task queue's maxReceiveCount); got {MaxAttempts}.", nameof(MaxAttempts));
        }

        return this;
    }
}
