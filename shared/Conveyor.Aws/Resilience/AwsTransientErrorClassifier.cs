using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;
using Amazon.Runtime;

namespace Conveyor.Aws.Resilience;

/// <summary>
/// Recognises transient failures of AWS calls: throttling error codes, HTTP 429 and 5xx from
/// <see cref="AmazonServiceException"/>, and network faults (connection reset, socket errors, timeouts).
/// Validation errors, other 4xx and conditional-check failures are permanent: retrying cannot change their outcome.
/// </summary>
public sealed class AwsTransientErrorClassifier : ITransientErrorClassifier
{
    /// <summary>Error codes AWS services use for "slow down" (the SDK's own throttling list plus S3's and SQS's spellings).</summary>
    public static readonly FrozenSet<string> ThrottlingCodes = FrozenSet.ToFrozenSet(
    [
        "Throttling",
        "ThrottlingException",
        "ThrottledException",
        "RequestThrottledException",
        "RequestThrottled",
        "TooManyRequestsException",
        "ProvisionedThroughputExceededException",
        "TransactionInProgressException",
        "RequestLimitExceeded",
        "BandwidthLimitExceeded",
        "LimitExceededException",
        "SlowDown",
        "PriorRequestNotComplete",
        "EC2ThrottledException",
    ], StringComparer.Ordinal);

    /// <summary>Error codes for a server-side fault or timeout that a later attempt may not meet.</summary>
    public static readonly FrozenSet<string> TransientCodes = FrozenSet.ToFrozenSet(
    [
        "RequestTimeout",
        "RequestTimeoutException",
        "InternalError",
        "InternalFailure",
        "InternalServerError",
        "ServiceUnavailable",
        "ServiceUnavailableException",
        "KMS.ThrottlingException",
    ], StringComparer.Ordinal);

    public static AwsTransientErrorClassifier Instance { get; } = new();

    public bool IsTransient(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        for (var current = exception; current is not null; current = current.InnerException)
        {
            switch (current)
            {
                case AmazonServiceException service:
                    if (IsTransientService(service))
                    {
                        return true;
                    }

                    // A service error with a real status is decided by that status; only status-less ones (the SDK
                    // wrapping a network fault) look further at their inner exception.
                    if (service.StatusCode != 0)
                    {
                        return false;
                    }

                    break;
                case HttpRequestException http:
                    return http.StatusCode is null || IsTransientStatus(http.StatusCode.Value);
                case SocketException or IOException or TimeoutException:
                    return true;
                case TaskCanceledException canceled when canceled.InnerException is TimeoutException:
                    return true;
                case OperationCanceledException:
                    // The caller's deadline: never retried.
                    return false;
            }
        }

        return false;
    }

    /// <summary>True for a throttling error code, whatever the service.</summary>
    public static bool IsThrottling(string? errorCode) => errorCode is not null && ThrottlingCodes.Contains(errorCode);

    public static bool IsTransientStatus(HttpStatusCode status) =>
        status == HttpStatusCode.TooManyRequests || status == HttpStatusCode.RequestTimeout || (int)status >= 500;

    private static bool IsTransientService(AmazonServiceException exception) =>
        IsThrottling(exception.ErrorCode)
        || (exception.ErrorCode is { } code && TransientCodes.Contains(code))
        || exception.Retryable?.Throttling == true
        || (exception.StatusCode != 0 && IsTransientStatus(exception.StatusCode));
}
