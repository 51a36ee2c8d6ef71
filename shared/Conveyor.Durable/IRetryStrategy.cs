namespace Conveyor.Durable;

/// <summary>Decides, after attempt number <c>attempt</c> (1-based) failed with <c>error</c>, whether to retry.</summary>
public interface IRetryStrategy
{
    RetryDecision Decide(Exception error, int attempt);
}
