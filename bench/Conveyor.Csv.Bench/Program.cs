using System.Diagnostics;
using System.Globalization;
using System.Text;
using Conveyor.App.Csv;
using CsvHelper;
using nietras.SeparatedValues;
using Sylvan.Data.Csv;

// Conveyor's CsvRowReader against Sep, Sylvan.Data.Csv and CsvHelper: every field of every record read as a string (what
// CsvImportTask needs), from a TextReader over generated RFC 4180 text (quoted fields with commas, doubled quotes and
// line breaks). Reports the median time of the runs and the bytes allocated per run, checks that every reader returns the
// same records, and whether each reports the malformed inputs our tests name (unclosed quote, text after a closing quote).
// Usage: dotnet run -c Release --project bench/Conveyor.Csv.Bench -- [rows...]   (default 1000 10000 100000)
var sizes = args.Length > 0 ? args.Select(a => int.Parse(a, CultureInfo.InvariantCulture)).ToArray() : [1_000, 10_000, 100_000];
var readers = new (string Name, Func<TextReader, List<IReadOnlyList<string>>> Read)[]
{
    ("Conveyor CsvRowReader", ReadOurs),
    ("Sep 0.17.1", ReadSep),
    ("Sylvan.Data.Csv 1.4.4", ReadSylvan),
    ("CsvHelper 34.0.0", ReadCsvHelper),
};

Console.WriteLine($"Conveyor.Csv.Bench: {Environment.ProcessorCount} processors, .NET {Environment.Version}");
Console.WriteLine($"{"rows",8} {"reader",-24} {"median ms",10} {"min ms",8} {"MB alloc/run",13} {"same records",13}");
foreach (var rows in sizes)
{
    var text = Generate(rows);
    var expected = Digest(ReadOurs(new StringReader(text)));
    var runs = rows >= 100_000 ? 5 : 15;
    foreach (var (name, read) in readers)
    {
        read(new StringReader(text)); // warm up (JIT, tiering)
        var times = new List<double>();
        long allocated = 0;
        string digest = string.Empty;
        for (var run = 0; run < runs; run++)
        {
            var before = GC.GetTotalAllocatedBytes(precise: true);
            var watch = Stopwatch.StartNew();
            var records = read(new StringReader(text));
            watch.Stop();
            allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
            times.Add(watch.Elapsed.TotalMilliseconds);
            digest = Digest(records);
        }

        times.Sort();
        Console.WriteLine(FormattableString.Invariant(
            $"{rows,8} {name,-24} {times[times.Count / 2],10:F2} {times[0],8:F2} {allocated / 1048576.0,13:F1} {(digest == expected ? "yes" : "NO"),13}"));
    }
}

Console.WriteLine();
Console.WriteLine("Malformed input (RFC 4180), as CsvRowReaderTests names it: does the reader report it?");
foreach (var (label, csv) in new[] { ("unclosed quote", "a\n\"never closed\n"), ("text after closing quote", "a\n\"closed\"x\n") })
{
    foreach (var (name, read) in readers)
    {
        string outcome;
        try
        {
            var records = read(new StringReader(csv));
            outcome = "accepted as " + string.Join(" / ", records.Select(r => string.Join("|", r)).Select(r => r.Replace("\n", "\\n", StringComparison.Ordinal)));
        }
#pragma warning disable CA1031 // The bench reports whatever each library throws.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            outcome = $"{ex.GetType().Name}: {ex.Message.Split('\n')[0]}";
        }

        Console.WriteLine($"  {label,-26} {name,-24} {outcome}");
    }
}

static List<IReadOnlyList<string>> ReadOurs(TextReader text)
{
    var reader = new CsvRowReader(text);
    var records = new List<IReadOnlyList<string>>();
    while (reader.ReadRowAsync(CancellationToken.None).AsTask().GetAwaiter().GetResult() is { } row) { records.Add(row); }
    return records;
}

static List<IReadOnlyList<string>> ReadSep(TextReader text)
{
    using var reader = Sep.New(',').Reader(o => o with { HasHeader = false, Unescape = true, DisableColCountCheck = true }).From(text);
    var records = new List<IReadOnlyList<string>>();
    foreach (var row in reader)
    {
        var fields = new string[row.ColCount];
        for (var i = 0; i < fields.Length; i++) { fields[i] = row[i].ToString(); }
        if (fields.Length > 1 || fields[0].Length > 0) { records.Add(fields); }
    }

    return records;
}

static List<IReadOnlyList<string>> ReadSylvan(TextReader text)
{
    using var reader = Sylvan.Data.Csv.CsvDataReader.Create(text, new CsvDataReaderOptions { HasHeaders = false, Delimiter = ',' });
    var records = new List<IReadOnlyList<string>>();
    while (reader.Read())
    {
        var fields = new string[reader.RowFieldCount];
        for (var i = 0; i < fields.Length; i++) { fields[i] = reader.GetString(i); }
        if (fields.Length > 1 || fields[0].Length > 0) { records.Add(fields); }
    }

    return records;
}

static List<IReadOnlyList<string>> ReadCsvHelper(TextReader text)
{
    using var reader = CsvHelper.CsvReader.Create(text, new CsvReaderOptions
    {
        HasHeader = false,
        SkipEmptyLines = true,
        AllowLineBreaksInQuotes = true,
        MalformedData = CsvMalformedDataHandling.Throw,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
    }, false);
    var records = new List<IReadOnlyList<string>>();
    while (reader.Read())
    {
        var fields = new string[reader.FieldCount];
        for (var i = 0; i < fields.Length; i++) { fields[i] = reader.GetString(i); }
        records.Add(fields);
    }

    return records;
}

// Rows like a customer import: an id, a name, an e-mail, a quoted address with a comma, every 10th a note with a doubled
// quote and a line break inside quotes.
static string Generate(int rows)
{
    var text = new StringBuilder("id,name,email,address,note\r\n");
    for (var i = 0; i < rows; i++)
    {
        text.Append(CultureInfo.InvariantCulture, $"{i},Customer {i},customer{i}@example.com,\"{i} Main Street, Springfield\",");
        text.Append(i % 10 == 0 ? "\"said \"\"hello\"\"\nthen left\"" : "plain note").Append("\r\n");
    }

    return text.ToString();
}

static string Digest(List<IReadOnlyList<string>> records)
{
    var hash = new HashCode();
    foreach (var record in records)
    {
        hash.Add(record.Count);
        foreach (var field in record) { hash.Add(field, StringComparer.Ordinal); }
    }

    return records.Count.ToString(CultureInfo.InvariantCulture) + ":" + hash.ToHashCode().ToString(CultureInfo.InvariantCulture);
}
