using System.Text.Json.Serialization;

namespace Conveyor.Durable.Protocol;

/// <summary>The service's <c>ErrorObject</c>: how a failed step, callback, invocation or execution is recorded.</summary>
public sealed class ErrorObject
{
    [JsonPropertyName("ErrorType")]
    public string? ErrorType { get; set; }

    [JsonPropertyName("ErrorMessage")]
    public string? ErrorMessage { get; set; }

    [JsonPropertyName("ErrorData")]
    public string? ErrorData { get; set; }

    [JsonPropertyName("StackTrace")]
    public IList<string>? StackTrace { get; set; }

    /// <summary>The error recorded for <paramref name="exception"/>: a durable failure keeps its original type and data.</summary>
    /// <summary>A deep copy (the stack trace list too).</summary>
    public ErrorObject Clone() => new() { ErrorType = ErrorType, ErrorMessage = ErrorMessage, ErrorData = ErrorData, StackTrace = StackTrace is null ? null : [.. StackTrace] };

    public static ErrorObject From(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        if (exception is DurableOperationFailedException failed)
        {
            return new ErrorObject { ErrorType = failed.ErrorType, ErrorMessage = failed.Message, ErrorData = failed.ErrorData };
        }

        var trace = exception.StackTrace?.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return new ErrorObject
        {
            ErrorType = exception.GetType().FullName,
            ErrorMessage = exception.Message,
            StackTrace = trace is { Length: > 0 } ? trace.Take(50).ToList() : null,
        };
    }
}
