using Conveyor.Core.Validation;

namespace Conveyor.Core.Workflows;

/// <summary>What a durable execution name may be (the Lambda API's <c>DurableExecutionName</c>): 1–64 of <c>[A-Za-z0-9-_]</c>.</summary>
public static class ExecutionNameRules
{
    public const int MaxLength = 64;

    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <exception cref="ValidationException">The name is empty, longer than 64 characters or has another character.</exception>
    public static void Validate(string? name)
    {
        if (!IsValid(name))
        {
            throw new ValidationException(
                $"An execution name is 1 to {MaxLength} letters, digits, '-' or '_'; got '{DisplayText.Escape(name)}'.", nameof(name));
        }
    }
}
