using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Tasks;

/// <summary>What a tenant id may contain: two tenants never differ only by something invisible.</summary>
public sealed class TenantIdTests
{
    [Theory]
    [InlineData("\uFEFFacme", "U+FEFF")] // BOM
    [InlineData("ac\u200Bme", "U+200B")] // zero-width space
    [InlineData("acme\u202E", "U+202E")] // bidi override
    [InlineData("\u2067acme", "U+2067")] // bidi isolate
    [InlineData("a,b", "U+002C")] // ?tenant=a&tenant=b arrives comma-joined
    [InlineData("a b", "U+0020")]
    [InlineData("a/b", "U+002F")]
    [InlineData("a\u0000b", "U+0000")]
    public void ValidateTenant_WhenItHoldsAnythingButLettersDigitsAndSeparators_ShouldRefuseNamingIt(string tenant, string named)
    {
        var error = Assert.Throws<ValidationException>(() => TaskKeys.ValidateTenant(tenant));

        Assert.Equal("tenant", error.ParamName);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateTenant_WhenACombiningMark_ShouldRefuseSoAnAccentedLetterHasOneSpelling()
    {
        var error = Assert.Throws<ValidationException>(() => TaskKeys.ValidateTenant("cafe\u0301"));

        Assert.Contains("U+0301", error.Message, StringComparison.Ordinal);
        TaskKeys.ValidateTenant("caf\u00e9");
    }

    [Fact]
    public void ValidateTenant_WhenALoneSurrogate_ShouldRefuse()
    {
        var error = Assert.Throws<ValidationException>(() => TaskKeys.ValidateTenant("a" + (char)0xD800));

        Assert.Contains("surrogate", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("a-b_c.d")]
    [InlineData("テナント")]
    [InlineData("t")]
    public void ValidateTenant_WhenValid_ShouldAccept(string tenant)
    {
        TaskKeys.ValidateTenant(tenant);
        Assert.Equal($"TASK#{tenant}", TaskKeys.PartitionKey(tenant, stepFunction: false));
    }
}
