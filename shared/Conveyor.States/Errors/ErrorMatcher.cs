namespace Conveyor.States.Errors;

/// <summary>The ErrorEquals matching rules shared by Retry and Catch.</summary>
internal static class ErrorMatcher
{
    public static bool Matches(IReadOnlyList<string> errorEquals, string error)
    {
        // States.Runtime and States.DataLimitExceeded are terminal: nothing catches or retries them.
        if (error is StatesErrorNames.Runtime or StatesErrorNames.DataLimitExceeded)
        {
            return false;
        }

        foreach (var candidate in errorEquals)
        {
            if (candidate == StatesErrorNames.All || string.Equals(candidate, error, StringComparison.Ordinal))
            {
                return true;
            }

            if (candidate == StatesErrorNames.TaskFailed && error != StatesErrorNames.Timeout)
            {
                return true;
            }
        }

        return false;
    }
}
