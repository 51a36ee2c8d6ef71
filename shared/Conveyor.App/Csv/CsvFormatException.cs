namespace Conveyor.App.Csv;

/// <summary>The text is not RFC 4180 CSV; the message names the line and what is wrong.</summary>
public sealed class CsvFormatException : FormatException
{
    public CsvFormatException() : base("The text is not valid CSV.") { }

    public CsvFormatException(string message) : base(message) { }

    public CsvFormatException(string message, Exception innerException) : base(message, innerException) { }

    public CsvFormatException(long line, string problem) : base($"CSV line {line}: {problem}.") => Line = line;

    public long Line { get; }
}
