using Conveyor.Aws.Resilience;
using Microsoft.Extensions.Logging;
using Polly;

namespace Conveyor.Aws.Http;

/// <summary>
/// The retry pipeline of the thin clients: the shared AWS pipeline (<see cref="AwsResiliencePipelines"/>) with
/// <see cref="ThinClientErrorClassifier"/> added, so throttling and 5xx are retried and other 4xx are not.
/// </summary>
public static class ThinClientPipeline
{
    public static ResiliencePipeline Create(AwsRetryOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null) =>
        AwsResiliencePipelines.Create(options, [ThinClientErrorClassifier.Instance], logger, timeProvider);

    /// <summary><see cref="Create"/> on first use (see <see cref="AwsResiliencePipelines.CreateLazy"/>).</summary>
    public static Lazy<ResiliencePipeline> CreateLazy(AwsRetryOptions? options = null, ILogger? logger = null, TimeProvider? timeProvider = null) =>
        AwsResiliencePipelines.CreateLazy(options, [ThinClientErrorClassifier.Instance], logger, timeProvider);
}
