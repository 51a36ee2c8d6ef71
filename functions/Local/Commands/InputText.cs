namespace Local.Commands;

/// <summary>
/// The value of an option that takes JSON either inline or from a file: <c>@path</c> reads that file (UTF-8),
/// <c>@-</c> reads standard input; anything else is the text itself.
/// </summary>
internal static class InputText
{
    /// <summary>The text, or an error message saying which file could not be read.</summary>
    public static async Task<(string? Text, string? Error)> ReadAsync(string value, string optionName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(value);
        if (!value.StartsWith('@'))
        {
            return (value, null);
        }

        var path = value[1..];
        if (path == "-")
        {
            return (await Console.In.ReadToEndAsync(cancellationToken).ConfigureAwait(false), null);
        }

        try
        {
            return (await File.ReadAllTextAsync(path, cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            var reason = ex is FileNotFoundException or DirectoryNotFoundException ? "it does not exist" : ex.Message;
            return (null, $"{optionName} {value}: cannot read '{Path.GetFullPath(path)}': {reason}.");
        }
    }
}
