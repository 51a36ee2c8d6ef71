using System.Text.Json;

namespace Conveyor.Functions.MapItem;

/// <summary>Reads the human message out of a Step Functions <c>Cause</c>, which for Lambda errors is the error body as JSON text.</summary>
public static class StepFunctionsCause
{
    /// <summary><c>errorMessage</c> when the cause is a Lambda error body; the cause itself otherwise; null when empty.</summary>
    public static string? Message(string? cause)
    {
        if (string.IsNullOrWhiteSpace(cause))
        {
            return null;
        }

        if (cause.TrimStart().StartsWith('{'))
        {
            try
            {
                using var document = JsonDocument.Parse(cause);
                if (document.RootElement.ValueKind == JsonValueKind.Object
                    && document.RootElement.TryGetProperty("errorMessage", out var message)
                    && message.ValueKind == JsonValueKind.String
                    && !string.IsNullOrWhiteSpace(message.GetString()))
                {
                    return message.GetString();
                }
            }
            catch (JsonException)
            {
                // Not JSON after all: the cause is plain text.
            }
        }

        return cause;
    }
}
