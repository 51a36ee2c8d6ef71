namespace Conveyor.Functions.Api;

/// <summary>A request the API answers with an error status: the type and message go to the caller as they are.</summary>
public sealed class ApiException : Exception
{
    public ApiException() : base("The request failed.") { }

    public ApiException(string message) : base(message) { }

    public ApiException(string message, Exception innerException) : base(message, innerException) { }

    public ApiException(int statusCode, string errorType, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        StatusCode = statusCode;
        ErrorType = errorType;
    }

    public int StatusCode { get; } = 500;

    public string ErrorType { get; } = ApiErrorTypes.Internal;

    /// <summary>Methods allowed on the route (for 405 answers).</summary>
    public string? Allow { get; init; }

    public static ApiException BadRequest(string message, Exception? inner = null) => new(400, ApiErrorTypes.Validation, message, inner);

    public static ApiException Forbidden(string message) => new(403, ApiErrorTypes.Forbidden, message);

    public static ApiException NotFound(string message) => new(404, ApiErrorTypes.NotFound, message);
}
