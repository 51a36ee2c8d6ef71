using System.Text;

namespace Conveyor.App.Csv;

/// <summary>
/// Reads RFC 4180 CSV records one at a time from a text stream, never holding more than a buffer and one record:
/// fields separated by commas, records by CRLF or LF; a field in double quotes may hold commas, line breaks and
/// doubled quotes (<c>""</c> is one <c>"</c>). Empty lines are skipped. A stray quote after a quoted field, or a quoted
/// field that never ends, is a <see cref="CsvFormatException"/> naming the line.
/// </summary>
public sealed class CsvRowReader
{
    private const int BufferSize = 16 * 1024;

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private long _line = 1;

    public CsvRowReader(TextReader reader) => _reader = reader ?? throw new ArgumentNullException(nameof(reader));

    /// <summary>The line the next record starts on (1-based), for error messages.</summary>
    public long Line => _line;

    /// <summary>The next record's fields, or null at the end of the text.</summary>
    /// <exception cref="CsvFormatException">The record is malformed.</exception>
    public async ValueTask<IReadOnlyList<string>?> ReadRowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var row = await ReadRecordAsync(cancellationToken);
            if (row is null)
            {
                return null;
            }

            // A blank line is one empty unquoted field: not a record.
            if (row.Count > 1 || row[0].Length > 0)
            {
                return row;
            }
        }
    }

    private async ValueTask<List<string>?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        if (await PeekAsync(cancellationToken) < 0)
        {
            return null;
        }

        var fields = new List<string>();
        while (true)
        {
            var (field, end) = await ReadFieldAsync(cancellationToken);
            fields.Add(field);
            if (end != ',')
            {
                return fields;
            }
        }
    }

    /// <summary>One field and what ended it: ',' (another field follows), '\n' (end of record) or -1 (end of text).</summary>
    private async ValueTask<(string Field, int End)> ReadFieldAsync(CancellationToken cancellationToken)
    {
        _field.Clear();
        if (await PeekAsync(cancellationToken) == '"')
        {
            return await ReadQuotedFieldAsync(cancellationToken);
        }

        while (true)
        {
            var c = await ReadAsync(cancellationToken);
            if (await EndOfFieldAsync(c, cancellationToken) is { } end)
            {
                return (_field.ToString(), end);
            }

            _field.Append((char)c);
        }
    }

    private async ValueTask<(string Field, int End)> ReadQuotedFieldAsync(CancellationToken cancellationToken)
    {
        var startLine = _line;
        await ReadAsync(cancellationToken);
        while (true)
        {
            var c = await ReadAsync(cancellationToken);
            if (c < 0)
            {
                throw new CsvFormatException(startLine, "a quoted field is never closed (a '\"' is missing)");
            }

            if (c == '\n')
            {
                _line++;
            }

            if (c != '"')
            {
                _field.Append((char)c);
                continue;
            }

            var next = await PeekAsync(cancellationToken);
            if (next == '"')
            {
                await ReadAsync(cancellationToken);
                _field.Append('"');
                continue;
            }

            // The closing quote: what follows must end the field.
            var after = await ReadAsync(cancellationToken);
            return await EndOfFieldAsync(after, cancellationToken) is { } end
                ? (_field.ToString(), end)
                : throw new CsvFormatException(_line, $"'{(char)after}' follows a closing quote; a quoted field must be followed by ',' or the end of the line (write \"\" for a quote inside it)");
        }
    }

    /// <summary>
    /// What <paramref name="c"/> (just read) ends the field with: ',' or -1 as they are, a line break (LF, CR or CRLF,
    /// whose LF is consumed here) as '\n' with the line counted; null when <paramref name="c"/> does not end the field.
    /// </summary>
    private async ValueTask<int?> EndOfFieldAsync(int c, CancellationToken cancellationToken)
    {
        switch (c)
        {
            case -1 or ',':
                return c;
            case '\n':
                _line++;
                return '\n';
            case '\r':
                if (await PeekAsync(cancellationToken) == '\n')
                {
                    await ReadAsync(cancellationToken);
                }

                _line++;
                return '\n';
            default:
                return null;
        }
    }

    private async ValueTask<int> PeekAsync(CancellationToken cancellationToken) =>
        _position < _length || await FillAsync(cancellationToken) ? _buffer[_position] : -1;

    private async ValueTask<int> ReadAsync(CancellationToken cancellationToken) =>
        _position < _length || await FillAsync(cancellationToken) ? _buffer[_position++] : -1;

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
        _position = 0;
        return _length > 0;
    }
}
