namespace Conveyor.Aws.Resilience;

/// <summary>
/// Decides whether a failed call is worth retrying. The AWS SDK adapters use <see cref="AwsTransientErrorClassifier"/>;
/// thin clients with their own exception types plug an extra classifier into <see cref="AwsResiliencePipelines.Create"/>.
/// </summary>
public interface ITransientErrorClassifier
{
    /// <summary>True when the same request may succeed if sent again (throttling, 5xx, a dropped connection).</summary>
    bool IsTransient(Exception exception);
}
