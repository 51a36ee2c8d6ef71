using System.Globalization;
using Conveyor.Local.Durable;

namespace Conveyor.Local.Tests.Durable;

/// <summary>The instants the durable rows store (claim order sorts on them as text): the format they always had.</summary>
public sealed class DurableRecordStoreInstantTests
{
    [Theory]
    [InlineData("2026-12-01T04:44:43.6261319+00:00")]
    [InlineData("2026-12-01T06:44:43.0009999+02:00")]
    [InlineData("0001-01-01T00:00:00.0000000+00:00")]
    [InlineData("9999-12-31T23:59:59.9999999+00:00")]
    [InlineData("2024-02-29T09:05:07.1200000-05:30")]
    public void Instant_WhenFormatted_ShouldBeTheUtcTimeToTheMillisecondInTheStoredFormat(string text)
    {
        var value = DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);

        Assert.Equal(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture), DurableRecordStore.Instant(value));
    }

    [Fact]
    public void Instant_WhenTimesFollowEachOther_ShouldSortAsText()
    {
        var start = new DateTimeOffset(2026, 12, 31, 23, 59, 58, 990, TimeSpan.Zero);
        var texts = Enumerable.Range(0, 3000).Select(i => DurableRecordStore.Instant(start.AddMilliseconds(i))).ToList();

        Assert.Equal(texts, texts.Order(StringComparer.Ordinal));
        Assert.Equal("2027-01-01T00:00:01.989Z", texts[^1]);
    }
}
