using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Validation;

public sealed class DisplayTextTests
{
    [Theory]
    [InlineData("plain name", "plain name")]
    [InlineData("\u001b[31mred\u001b[0m", "\\u{001B}[31mred\\u{001B}[0m")]
    [InlineData("evil\u202Etxt.exe", "evil\\u{202E}txt.exe")]
    [InlineData("a\u0007b\u009Bc", "a\\u{0007}b\\u{009B}c")]
    [InlineData("line\nbreak", "line\\u{000A}break")]
    [InlineData("\uFEFFbom\u200B", "\\u{FEFF}bom\\u{200B}")]
    [InlineData("テナント 😀", "テナント 😀")]
    public void Escape_ShouldMakeEveryControlAndInvisibleCharacterVisible(string text, string expected)
    {
        Assert.Equal(expected, DisplayText.Escape(text));
    }

    [Fact]
    public void Escape_WhenALoneSurrogate_ShouldEscapeIt()
    {
        Assert.Equal("a\\u{D800}b", DisplayText.Escape("a" + (char)0xD800 + "b"));
        Assert.Contains("surrogate", Assert.Throws<ValidationException>(() => DisplayText.ValidateName("x" + (char)0xDC00, "task name")).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Escape_WhenKeepingLines_ShouldKeepNewlinesAndTabsOnly()
    {
        Assert.Equal("a\n\tb\\u{001B}", DisplayText.Escape("a\n\tb\u001b", keepLines: true));
    }

    [Theory]
    [InlineData("\u001b]0;pwned\u0007")]
    [InlineData("name\u2066")]
    [InlineData("a\u2028b")]
    public void ValidateName_WhenUnsafe_ShouldRefuseNamingTheCharacter(string name)
    {
        var error = Assert.Throws<ValidationException>(() => DisplayText.ValidateName(name, "task name"));
        Assert.Contains("U+", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateName_WhenTooLong_ShouldSayTheLimit()
    {
        var error = Assert.Throws<ValidationException>(() => DisplayText.ValidateName(new string('n', DisplayText.MaxNameLength + 1), "task name"));
        Assert.Contains($"at most {DisplayText.MaxNameLength}", error.Message, StringComparison.Ordinal);
    }
}
