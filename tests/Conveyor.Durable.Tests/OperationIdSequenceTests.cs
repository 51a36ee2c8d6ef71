using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conveyor.Durable.Runtime;

namespace Conveyor.Durable.Tests;

/// <summary>Operation ids are the SHA-256 the AWS SDKs derive, whether the root context's are kept once hashed or not.</summary>
public sealed class OperationIdSequenceTests
{
    [Theory]
    [InlineData(null, 1)]
    [InlineData(null, 2)]
    [InlineData(null, 10)]
    [InlineData(null, OperationIdSequence.CachedRootIds)]
    [InlineData(null, OperationIdSequence.CachedRootIds + 1)]
    [InlineData(null, 3001)]
    [InlineData("6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", 1)]
    [InlineData("parent", 7)]
    public void Derive_WhenCalledTwice_ShouldGiveTheHashOfThePositionBothTimes(string? parentId, int position)
    {
        var raw = (parentId is null ? string.Empty : parentId + "-") + position.ToString(CultureInfo.InvariantCulture);
        var expected = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));

        Assert.Equal(expected, OperationIdSequence.Derive(parentId, position));
        Assert.Equal(expected, OperationIdSequence.Derive(parentId, position));
    }

    [Fact]
    public void Next_ShouldCountFromOneInTheRootAndInAChildContextAlike()
    {
        var root = new OperationIdSequence(null);
        var child = new OperationIdSequence("p");

        Assert.Equal(["6b86b273ff34fce19d6b804eff5a3f5747ada4eaa22f1d49c01e52ddb7875b4b", OperationIdSequence.Derive(null, 2)], new[] { root.Next(), root.Next() });
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData("p-1"u8)), child.Next());
    }
}
