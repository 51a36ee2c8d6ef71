using Conveyor.App.Csv;

namespace Conveyor.App.Tests;

public sealed class CsvRowReaderTests
{
    [Theory]
    [InlineData("a,b\r\n1,2\r\n", "a|b/1|2")]
    [InlineData("a,b\n1,2", "a|b/1|2")]
    [InlineData("a,b\n\n1,2\n\n", "a|b/1|2")]
    [InlineData("\"x,y\",\"say \"\"hi\"\"\"\n", "x,y|say \"hi\"")]
    [InlineData("\"two\nlines\",z\n", "two\nlines|z")]
    [InlineData("a,,c\n", "a||c")]
    [InlineData("\"\",b\n", "|b")]
    [InlineData("é,ü\n", "é|ü")]
    [InlineData("a,b\r1,2\r", "a|b/1|2")]
    [InlineData("a,\n,b", "a|/|b")]
    [InlineData("a,b,", "a|b|")]
    [InlineData("\"q\"", "q")]
    [InlineData("x\"y,z\n", "x\"y|z")]
    public async Task ReadRowAsync_WhenTextIsValidCsv_ShouldReturnTheRecords(string csv, string expected)
    {
        var rows = await ReadAllAsync(csv);

        Assert.Equal(expected, string.Join('/', rows.Select(r => string.Join('|', r))));
    }

    [Theory]
    [InlineData("a\n\"never closed\n", 2)]
    [InlineData("a\n\"closed\"x\n", 2)]
    [InlineData("a\n\"two\nlines\"x\n", 3)]
    [InlineData("a\n\"x\"\"\n\nnever closed", 2)]
    public async Task ReadRowAsync_WhenTextIsMalformed_ShouldNameTheLine(string csv, long line)
    {
        var error = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(csv));

        Assert.Equal(line, error.Line);
    }

    [Fact]
    public async Task ReadRowAsync_WhenRecordsSpanManyBuffers_ShouldReadEveryRecord()
    {
        var csv = "n\n" + string.Concat(Enumerable.Range(0, 50_000).Select(i => $"\"{i}\"\n"));

        var rows = await ReadAllAsync(csv);

        Assert.Equal(50_001, rows.Count);
        Assert.Equal("49999", rows[^1][0]);
    }

    [Theory]
    [InlineData("b\r\n", 1, "b")]
    [InlineData("\"x\"\"y\"\n", 2, "x\"y")]
    [InlineData("\"x\",y\n", 2, "x|y")]
    public async Task ReadRowAsync_WhenAPairOfSpecialCharactersIsSplitAcrossBuffers_ShouldReadItAsOne(string rest, int pairOffset, string expected)
    {
        // The reader's buffer holds 16 Ki characters: the pair's first character is the last one of the first buffer.
        var first = new string('a', (16 * 1024) - 2 - pairOffset);
        var csv = $"{first},{rest}c,d\n";

        var rows = await ReadAllAsync(csv);

        Assert.Equal(2, rows.Count);
        Assert.Equal(expected, string.Join('|', rows[0].Skip(1)));
        Assert.Equal("c|d", string.Join('|', rows[1]));
    }

    private static async Task<List<IReadOnlyList<string>>> ReadAllAsync(string csv)
    {
        var reader = new CsvRowReader(new StringReader(csv));
        var rows = new List<IReadOnlyList<string>>();
        while (await reader.ReadRowAsync(CancellationToken.None) is { } row)
        {
            rows.Add(row);
        }

        return rows;
    }
}
