using Conveyor.Lambda.Bootstrap;
using Conveyor.Lambda.Client;

namespace Conveyor.Lambda.Hosting;

/// <summary>What a host is built from; every collaborator defaults to the real one.</summary>
public sealed record LambdaApplicationOptions
{
    public IReadOnlyList<string> Args { get; init; } = [];

    public IEnvironmentVariables? Environment { get; init; }

    public TimeProvider? TimeProvider { get; init; }

    /// <summary>Defaults to an HTTP client for <c>AWS_LAMBDA_RUNTIME_API</c>.</summary>
    public IRuntimeApiClient? RuntimeApiClient { get; init; }

    /// <summary>Where JSON log lines go; defaults to standard output (Lambda ships it to CloudWatch Logs).</summary>
    public TextWriter? LogOutput { get; init; }

    public LambdaBootstrapOptions Bootstrap { get; init; } = new();

    /// <summary>Adds <c>appsettings.json</c> next to the executable (optional file) before environment variables.</summary>
    public bool UseAppSettingsFile { get; init; } = true;
}
