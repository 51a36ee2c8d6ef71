using System.Security.Cryptography;
using System.Text;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Schedules;

/// <summary>Schedule names as EventBridge Scheduler accepts them: 1–64 characters of <c>[0-9a-zA-Z-_.]</c>.</summary>
public static class ScheduleNames
{
    public const int MaxLength = 64;

    /// <summary>Length of the hex hash suffix <see cref="FromText"/> appends when it had to change the text.</summary>
    public const int HashLength = 10;

    /// <summary>True when <paramref name="name"/> is a valid schedule name.</summary>
    public static bool IsValid(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxLength && name.All(IsAllowed);

    /// <summary>Returns <paramref name="name"/> unchanged when valid.</summary>
    /// <exception cref="ValidationException">Empty, longer than 64 characters, or containing a character outside <c>[0-9a-zA-Z-_.]</c>.</exception>
    public static string Validate(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException("A schedule name must not be empty; use 1–64 characters of [0-9a-zA-Z-_.].", nameof(name));
        }

        if (name.Length > MaxLength)
        {
            throw new ValidationException(
                $"The schedule name '{name[..24]}…' is {name.Length} characters long; at most {MaxLength} are allowed. ScheduleNames.FromText shortens it deterministically.",
                nameof(name));
        }

        for (var i = 0; i < name.Length; i++)
        {
            if (!IsAllowed(name[i]))
            {
                throw new ValidationException(
                    $"The schedule name '{name}' contains '{name[i]}' at position {i}; only [0-9a-zA-Z-_.] are allowed. ScheduleNames.FromText replaces such characters.",
                    nameof(name));
            }
        }

        return name;
    }

    /// <summary>
    /// A valid, deterministic name for arbitrary text such as <c>process-document-&lt;s3 key&gt;</c>: characters outside
    /// <c>[0-9a-zA-Z-_.]</c> become <c>-</c>, and the result is cut to fit 64 characters.
    /// </summary>
    /// <remarks>
    /// Whenever the text had to change (a replaced character or a cut), a short hash of the original text is appended:
    /// replacement and truncation lose information, and two different keys (<c>a b.pdf</c>, <c>a/b.pdf</c>) mapping to the
    /// same name would make one file's schedule silently replace another's. Text that is already valid is returned as is.
    /// </remarks>
    public static string FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (IsValid(text))
        {
            return text;
        }

        var builder = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            builder.Append(IsAllowed(c) ? c : '-');
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..HashLength];
        var prefixLength = Math.Min(builder.Length, MaxLength - HashLength - 1);
        return builder.ToString(0, prefixLength) + "-" + hash;
    }

    private static bool IsAllowed(char c) => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.';
}
