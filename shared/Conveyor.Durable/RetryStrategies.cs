namespace Conveyor.Durable;

/// <summary>Ready-made retry strategies. Deterministic (no jitter), so replays make the same decisions.</summary>
public static class RetryStrategies
{
    /// <summary>Never retry: the first failure fails the step.</summary>
    public static IRetryStrategy None { get; } = new Exponential(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), 1, null);

    /// <summary>
    /// Up to <paramref name="maxAttempts"/> attempts in all, waiting <paramref name="initialDelay"/> × <paramref name="backoffRate"/>^(n-1)
    /// (at most <paramref name="maxDelay"/>) before attempt n+1; only errors <paramref name="retryOn"/> accepts (all when null).
    /// </summary>
    public static IRetryStrategy ExponentialBackoff(
        int maxAttempts,
        TimeSpan initialDelay,
        TimeSpan? maxDelay = null,
        double backoffRate = 2,
        Func<Exception, bool>? retryOn = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(backoffRate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialDelay, TimeSpan.Zero);
        return new Exponential(maxAttempts, initialDelay, maxDelay ?? TimeSpan.FromMinutes(5), backoffRate, retryOn);
    }

    private sealed class Exponential(int maxAttempts, TimeSpan initialDelay, TimeSpan maxDelay, double backoffRate, Func<Exception, bool>? retryOn) : IRetryStrategy
    {
        public RetryDecision Decide(Exception error, int attempt)
        {
            if (attempt >= maxAttempts || (retryOn is not null && !retryOn(error)))
            {
                return RetryDecision.Stop;
            }

            var seconds = initialDelay.TotalSeconds * Math.Pow(backoffRate, attempt - 1);
            return RetryDecision.After(TimeSpan.FromSeconds(Math.Min(seconds, maxDelay.TotalSeconds)));
        }
    }
}
