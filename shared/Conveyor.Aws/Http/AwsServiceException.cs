using System.Net;
using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.Http;

/// <summary>
/// An error response from an AWS service called through the thin clients. Callers branch on the subclasses
/// (<see cref="AwsResourceNotFoundException"/>, <see cref="AwsConflictException"/>, ...) or on
/// <see cref="ErrorCode"/>; the retry pipeline uses <see cref="IsTransient"/>.
/// </summary>
public class AwsServiceException : Exception
{
    public AwsServiceException()
        : this(new AwsErrorDetails("Unknown", "The AWS service returned an error.", NoStatus))
    {
    }

    public AwsServiceException(string message)
        : this(new AwsErrorDetails("Unknown", message, NoStatus))
    {
    }

    public AwsServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
        Details = new AwsErrorDetails("Unknown", message, NoStatus);
    }

    public AwsServiceException(AwsErrorDetails details)
        : base(Describe(details))
    {
        Details = details;
    }

    // Errors raised locally (an unreadable response) have no HTTP status, and so are neither throttling nor 5xx.
    private const HttpStatusCode NoStatus = 0;

    public AwsErrorDetails Details { get; }

    public string ErrorCode => Details.ErrorCode;

    public HttpStatusCode StatusCode => Details.StatusCode;

    public string? RequestId => Details.RequestId;

    /// <summary>HTTP 429 or a throttling error code (<c>ThrottlingException</c>, <c>Throttling</c>, <c>TooManyRequestsException</c>, ...).</summary>
    public bool IsThrottling => Details.StatusCode == HttpStatusCode.TooManyRequests || AwsTransientErrorClassifier.IsThrottling(Details.ErrorCode);

    /// <summary>HTTP 5xx: the service failed, the request may succeed when repeated.</summary>
    public bool IsServerError => (int)Details.StatusCode >= 500;

    /// <summary>Worth retrying: throttling or a server error. Every other 4xx is the caller's fault and never retried.</summary>
    public bool IsTransient => IsThrottling || IsServerError;

    private static string Describe(AwsErrorDetails details)
    {
        ArgumentNullException.ThrowIfNull(details);
        var request = details.RequestId is null ? string.Empty : $" (request {details.RequestId})";
        return $"{details.ErrorCode} (HTTP {(int)details.StatusCode}){request}: {details.Message}";
    }
}
