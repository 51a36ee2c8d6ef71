using System.Text.Json.Serialization;

namespace Conveyor.Lambda.ExceptionHandling;

/// <summary>
/// The error body posted to the Runtime API. <see cref="ErrorType"/> is the exception's short type name
/// (e.g. <c>TaskNotFoundException</c>): Step Functions <c>Retry</c>/<c>Catch</c> match on it, so it must stay stable.
/// The inner exception, if any, is carried as <see cref="Cause"/> (recursively).
/// </summary>
public sealed record LambdaError
{
    [JsonPropertyName("errorType")]
    public required string ErrorType { get; init; }

    [JsonPropertyName("errorMessage")]
    public required string ErrorMessage { get; init; }

    [JsonPropertyName("stackTrace")]
    public IReadOnlyList<string> StackTrace { get; init; } = [];

    [JsonPropertyName("cause")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public LambdaError? Cause { get; init; }
}
