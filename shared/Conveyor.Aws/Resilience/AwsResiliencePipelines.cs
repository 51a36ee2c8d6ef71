using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;

namespace Conveyor.Aws.Resilience;

/// <summary>
/// Builds the one retry policy every AWS adapter and thin client runs its calls through. Configure the SDK clients
/// with <c>MaxErrorRetry = 0</c> (see <see cref="AwsSdkRetries"/>) so this is the only layer that retries.
/// </summary>
public static partial class AwsResiliencePipelines
{
    /// <summary>
    /// A pipeline that retries transient failures (per <see cref="AwsTransientErrorClassifier"/> or any of
    /// <paramref name="additionalClassifiers"/>) with exponential backoff and jitter, and gives up when the
    /// token passed to <c>ExecuteAsync</c> is cancelled.
    /// </summary>
    public static ResiliencePipeline Create(
        AwsRetryOptions? options = null,
        IReadOnlyList<ITransientErrorClassifier>? additionalClassifiers = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        options ??= AwsRetryOptions.Default;
        options.Validate();
        var classifiers = new List<ITransientErrorClassifier> { AwsTransientErrorClassifier.Instance };
        classifiers.AddRange(additionalClassifiers ?? []);
        var log = logger ?? NullLogger.Instance;

        var builder = new ResiliencePipelineBuilder();
        if (timeProvider is not null)
        {
            builder.TimeProvider = timeProvider;
        }

        if (options.MaxAttempts > 1)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = options.MaxAttempts - 1,
                BackoffType = DelayBackoffType.Exponential,
                Delay = options.BaseDelay,
                MaxDelay = options.MaxDelay,
                UseJitter = options.UseJitter && options.BaseDelay > TimeSpan.Zero,
                ShouldHandle = args => ValueTask.FromResult(
                    !args.Context.CancellationToken.IsCancellationRequested
                    && args.Outcome.Exception is { } exception
                    && IsTransient(exception, classifiers)),
                OnRetry = args =>
                {
                    LogRetry(log, args.AttemptNumber + 2, options.MaxAttempts, args.RetryDelay, args.Outcome.Exception?.GetType().Name ?? "none", args.Outcome.Exception);
                    return ValueTask.CompletedTask;
                },
            });
        }

        return builder.Build();
    }

    /// <summary>
    /// <see cref="Create"/> on first use: the options are checked now, the pipeline is built by the first call that runs
    /// through it. Building one costs a reflection-based validation of Polly's options (DataAnnotations) that would
    /// otherwise run during a function's init for every adapter its handler depends on (bench/cold-start.sh).
    /// </summary>
    public static Lazy<ResiliencePipeline> CreateLazy(
        AwsRetryOptions? options = null,
        IReadOnlyList<ITransientErrorClassifier>? additionalClassifiers = null,
        ILogger? logger = null,
        TimeProvider? timeProvider = null)
    {
        (options ?? AwsRetryOptions.Default).Validate();
        return new Lazy<ResiliencePipeline>(() => Create(options, additionalClassifiers, logger, timeProvider), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>True when <paramref name="exception"/> is transient by the AWS rules or by any extra classifier.</summary>
    public static bool IsTransient(Exception exception, IReadOnlyList<ITransientErrorClassifier>? additionalClassifiers = null)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (AwsTransientErrorClassifier.Instance.IsTransient(exception))
        {
            return true;
        }

        foreach (var classifier in additionalClassifiers ?? [])
        {
            if (classifier.IsTransient(exception))
            {
                return true;
            }
        }

        return false;
    }

    private static bool IsTransient(Exception exception, List<ITransientErrorClassifier> classifiers)
    {
        foreach (var classifier in classifiers)
        {
            if (classifier.IsTransient(exception))
            {
                return true;
            }
        }

        return false;
    }

    // Polly numbers attempts from 0, so the attempt about to run is AttemptNumber + 2 counted from 1.
    [LoggerMessage(Level = LogLevel.Warning, Message = "AWS call failed transiently ({ErrorType}); attempt {NextAttempt} of {MaxAttempts} in {Delay}")]
    private static partial void LogRetry(ILogger logger, int nextAttempt, int maxAttempts, TimeSpan delay, string errorType, Exception? exception);
}
