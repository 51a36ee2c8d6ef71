using System.Text.Json;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Validation;

public sealed class JsonUnicodeTests
{
    [Theory]
    [InlineData("""{"a":"text","b":[1,"é",{"c":"😀"}]}""", null)]
    [InlineData("""{"a":"x\ud800y"}""", "string")]
    [InlineData("""[1,[2,["\udfff"]]]""", "string")]
    [InlineData("""{"k\ud83d":1}""", "property name")]
    [InlineData("""{"pair":"\ud83d\ude00"}""", null)]
    public void FindLoneSurrogate_ShouldNameTheFirstValueThatIsNotUnicode(string json, string? expected)
    {
        using var document = JsonDocument.Parse(json);

        Assert.Equal(expected, JsonUnicode.FindLoneSurrogate(document.RootElement));
    }
}
