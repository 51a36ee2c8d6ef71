using Conveyor.Core.Validation;

namespace Conveyor.Core.Tasks;

/// <summary>Why an attempt failed: a stable error type and a human message. Never empty.</summary>
public sealed record TaskError
{
    public TaskError(string type, string message)
    {
        if (string.IsNullOrWhiteSpace(type))
        {
            throw new ValidationException("A task error needs a type.", nameof(type));
        }

        Type = type;
        Message = string.IsNullOrWhiteSpace(message) ? type : message;
    }

    public string Type { get; }

    public string Message { get; }

    public static TaskError FromException(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        return new TaskError(exception.GetType().Name, exception.Message);
    }
}
