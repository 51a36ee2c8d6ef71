using Conveyor.Core.Files;

namespace Conveyor.Core.Tests.Files;

public sealed class S3KeyCodecTests
{
    [Theory]
    [InlineData("a+b%2Fc%C3%A9.txt", "a b/cé.txt")]
    [InlineData("plain/key.csv", "plain/key.csv")]
    [InlineData("red+flower.jpg", "red flower.jpg")]
    [InlineData("100%25+sure", "100% sure")]
    [InlineData("a%2Bb", "a+b")]
    [InlineData("%E6%97%A5%E6%9C%AC", "日本")]
    [InlineData("emoji%F0%9F%98%80", "emoji😀")]
    [InlineData("lower%c3%a9", "loweré")]
    [InlineData("", "")]
    [InlineData("++", "  ")]
    public void Decode_WhenKeyIsValid_ShouldDecodePlusThenPercentEscapesAsUtf8(string raw, string expected)
    {
        var key = S3KeyDecoder.Decode(raw);

        Assert.Equal(expected, key);
    }

    [Theory]
    [InlineData("%E0%A4", "valid UTF-8")]
    [InlineData("file%E0%A4.txt", "valid UTF-8")]
    [InlineData("%C3", "valid UTF-8")]
    [InlineData("%FF", "valid UTF-8")]
    [InlineData("%C0%AF", "valid UTF-8")]
    [InlineData("%G1", "'%G1' at position 0")]
    [InlineData("abc%", "'%' at position 3")]
    [InlineData("abc%4", "'%4' at position 3")]
    [InlineData("a%zzb", "'%zz' at position 1")]
    public void Decode_WhenKeyIsMalformed_ShouldThrowInvalidObjectKeyWithRawKey(string raw, string expected)
    {
        var error = Assert.Throws<InvalidObjectKeyException>(() => S3KeyDecoder.Decode(raw));

        Assert.Equal(raw, error.RawKey);
        Assert.Contains($"'{raw}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("%E0%A4")]
    [InlineData("%G1")]
    public void TryDecode_WhenKeyIsMalformed_ShouldReturnFalse(string raw)
    {
        Assert.False(S3KeyDecoder.TryDecode(raw, out _));
    }

    [Theory]
    [InlineData("a b/cé.txt", "a+b/c%C3%A9.txt")]
    [InlineData("red flower.jpg", "red+flower.jpg")]
    [InlineData("a+b", "a%2Bb")]
    [InlineData("100% (final)", "100%25+%28final%29")]
    [InlineData("safe-_.*/Az09", "safe-_.*/Az09")]
    public void Encode_WhenKeyHasSpecialCharacters_ShouldEncodeAsS3EventsDo(string key, string expected)
    {
        Assert.Equal(expected, S3KeyEncoder.Encode(key));
    }

    [Theory]
    [InlineData("a b/cé.txt")]
    [InlineData("100% + 100% = 200%")]
    [InlineData("日本語/ファイル 1.csv")]
    [InlineData("emoji😀?&=#.bin")]
    public void EncodeThenDecode_WhenAnyKey_ShouldRoundTrip(string key)
    {
        Assert.Equal(key, S3KeyDecoder.Decode(S3KeyEncoder.Encode(key)));
    }
}
