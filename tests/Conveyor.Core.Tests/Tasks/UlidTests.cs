using Conveyor.Core.Ids;

namespace Conveyor.Core.Tests.Tasks;

public sealed class UlidTests
{
    private static readonly DateTimeOffset Time = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void NewUlid_WhenCreated_ShouldBe26CrockfordCharacters()
    {
        var text = Ulid.NewUlid(Time).ToString();

        Assert.Matches("^[0-7][0-9A-HJKMNP-TV-Z]{25}$", text);
        Assert.Equal(text, Ulid.Parse(text.ToLowerInvariant()).ToString());
    }

    [Fact]
    public void NewUlid_WhenLaterMillisecond_ShouldSortAfter()
    {
        var ids = Enumerable.Range(0, 50).Select(i => Ulid.NewUlid(Time.AddMilliseconds(i * 7)).ToString()).ToArray();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void FromSeed_WhenSameSeedAndTime_ShouldBeIdentical()
    {
        Assert.Equal(Ulid.FromSeed(Time, "upload-1"), Ulid.FromSeed(Time, "upload-1"));
        Assert.NotEqual(Ulid.FromSeed(Time, "upload-1"), Ulid.FromSeed(Time, "upload-2"));
        Assert.NotEqual(Ulid.NewUlid(Time), Ulid.NewUlid(Time));
    }

    [Theory]
    [InlineData("")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FA")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAVX")]
    [InlineData("01ARZ3NDEKTSV4RRFFQ69G5FAU")]
    [InlineData("81ARZ3NDEKTSV4RRFFQ69G5FAV")]
    public void Parse_WhenNotAUlid_ShouldThrowFormat(string text)
    {
        Assert.Throws<FormatException>(() => Ulid.Parse(text));
    }
}
