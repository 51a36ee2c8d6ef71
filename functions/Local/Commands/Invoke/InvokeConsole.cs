namespace Local.Commands.Invoke;

/// <summary>Where <c>conveyor invoke</c> writes: the response on <see cref="Out"/>, logs and progress on <see cref="Error"/>.</summary>
internal sealed class InvokeConsole(TextWriter output, TextWriter error)
{
    private readonly Lock _gate = new();

    public static InvokeConsole Standard => new(Console.Out, Console.Error);

    public TextWriter Out { get; } = output;

    public TextWriter Error { get; } = error;

    /// <summary>One log line of the function; stdout and stderr callbacks arrive on different threads.</summary>
    public void WriteLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            Error.WriteLine(line);
        }
    }
}
