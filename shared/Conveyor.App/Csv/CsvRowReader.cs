using System.Buffers;
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
    private static readonly SearchValues<char> UnquotedStops = SearchValues.Create(",\r\n");

    private readonly TextReader _reader;
    private readonly char[] _buffer = new char[BufferSize];
    private readonly StringBuilder _field = new();
    private int _position;
    private int _length;
    private long _line = 1;
    private int _fieldsPerRecord = 4;

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
                _fieldsPerRecord = row.Count;
                return row;
            }
        }
    }

    /// <summary>
    /// One record, scanning the buffer with vectorized searches for the characters that matter and awaiting only when
    /// the buffer runs out (the hot path never awaits per character).
    /// </summary>
    private async ValueTask<List<string>?> ReadRecordAsync(CancellationToken cancellationToken)
    {
        var fields = new List<string>(_fieldsPerRecord);
        var state = Scan.FieldStart;
        var quoteLine = _line;
        _field.Clear();
        while (true)
        {
            if (_position >= _length && !await FillAsync(cancellationToken))
            {
                return EndOfText(fields, state, quoteLine);
            }

            var span = _buffer.AsSpan(_position, _length - _position);
            switch (state)
            {
                case Scan.FieldStart:
                    if (span[0] == '"')
                    {
                        quoteLine = _line;
                        _position++;
                        state = Scan.Quoted;
                    }
                    else
                    {
                        state = Scan.Unquoted;
                    }

                    break;
                case Scan.Unquoted:
                    var stop = span.IndexOfAny(UnquotedStops);
                    if (stop < 0)
                    {
                        _field.Append(span);
                        _position = _length;
                        break;
                    }

                    _field.Append(span[..stop]);
                    _position += stop;
                    state = EndField(fields, span[stop]);
                    if (state == Scan.RecordEnd) { return fields; }
                    break;
                case Scan.Quoted:
                    var quote = span.IndexOf('"');
                    var text = quote < 0 ? span : span[..quote];
                    _line += text.Count('\n');
                    _field.Append(text);
                    _position += quote < 0 ? span.Length : quote + 1;
                    if (quote >= 0) { state = Scan.AfterQuote; }
                    break;
                case Scan.AfterQuote:
                    if (span[0] == '"')
                    {
                        // A doubled quote is one quote inside the field.
                        _field.Append('"');
                        _position++;
                        state = Scan.Quoted;
                        break;
                    }

                    if (span[0] is not (',' or '\n' or '\r'))
                    {
                        throw new CsvFormatException(_line, $"'{span[0]}' follows a closing quote; a quoted field must be followed by ',' or the end of the line (write \"\" for a quote inside it)");
                    }

                    state = EndField(fields, span[0]);
                    if (state == Scan.RecordEnd) { return fields; }
                    break;
                case Scan.AfterCarriageReturn:
                    // CRLF is one line break; a lone CR ends the record too.
                    if (span[0] == '\n') { _position++; }
                    return fields;
            }
        }
    }

    /// <summary>Ends the field at the separator or line break under the read position, which it consumes.</summary>
    private Scan EndField(List<string> fields, char end)
    {
        fields.Add(_field.ToString());
        _field.Clear();
        _position++;
        switch (end)
        {
            case ',':
                return Scan.FieldStart;
            case '\r':
                _line++;
                return Scan.AfterCarriageReturn;
            default:
                _line++;
                return Scan.RecordEnd;
        }
    }

    private List<string>? EndOfText(List<string> fields, Scan state, long quoteLine)
    {
        switch (state)
        {
            case Scan.Quoted:
                throw new CsvFormatException(quoteLine, "a quoted field is never closed (a '\"' is missing)");
            case Scan.FieldStart when fields.Count == 0:
                return null;
            case Scan.AfterCarriageReturn:
                return fields;
            default:
                fields.Add(_field.ToString());
                _field.Clear();
                return fields;
        }
    }

    private async ValueTask<bool> FillAsync(CancellationToken cancellationToken)
    {
        _length = await _reader.ReadAsync(_buffer.AsMemory(), cancellationToken);
        _position = 0;
        return _length > 0;
    }

    /// <summary>Where the scanner is within a record.</summary>
    private enum Scan
    {
        FieldStart,
        Unquoted,
        Quoted,
        AfterQuote,
        AfterCarriageReturn,
        RecordEnd,
    }
}
