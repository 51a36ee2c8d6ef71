using System.Globalization;
using System.Text.RegularExpressions;

namespace Conveyor.States.Execution;

/// <summary>RFC 3339 timestamps as the States language accepts them (e.g. <c>2016-03-14T01:59:00Z</c>).</summary>
internal static partial class Timestamps
{
    public static bool TryParse(string text, out DateTimeOffset value)
    {
        value = default;
        return Rfc3339().IsMatch(text)
            && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out value);
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|z|[+-]\d{2}:\d{2})$")]
    private static partial Regex Rfc3339();
}
