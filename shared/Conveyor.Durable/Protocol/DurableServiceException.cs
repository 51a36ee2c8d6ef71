namespace Conveyor.Durable.Protocol;

/// <summary>
/// A durable execution service call failed. <see cref="ErrorCode"/> is the service's error code
/// (<c>InvalidParameterValueException</c>, <c>ResourceNotFoundException</c>, ...); <see cref="IsRetryable"/> says
/// whether repeating the same call may succeed.
/// </summary>
public sealed class DurableServiceException : Exception
{
    public DurableServiceException()
    {
    }

    public DurableServiceException(string message)
        : base(message)
    {
    }

    public DurableServiceException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public DurableServiceException(string errorCode, string message, int statusCode, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorCode = errorCode;
        StatusCode = statusCode;
    }

    public string ErrorCode { get; } = "ServiceException";

    public int StatusCode { get; } = 500;

    public bool IsRetryable => StatusCode >= 500 || StatusCode == 429;
}
