using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Tests.Signing;

/// <summary>The published AWS SigV4 test suite: every case, header signing and presigning.</summary>
public sealed class SigV4SignerTests
{
    public static IEnumerable<object[]> Vectors() => SigV4TestVector.Names();

    [Fact]
    public void TestSuite_WhenLookedUp_ShouldBeFoundWithEveryCase()
    {
        var root = SigV4TestVector.FindRoot();

        Assert.True(root is not null, $"The AWS SigV4 test vectors must be at <repo>/{SigV4TestVector.RelativeRoot}.");
        Assert.True(Vectors().Count() >= 30, $"Expected the full suite; found {Vectors().Count()} cases in {root}.");
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Sign_WhenGivenTestSuiteCase_ShouldMatchCanonicalRequestStringToSignAndSignature(string name)
    {
        Assert.NotEqual(SigV4TestVector.MissingFolder, name);
        var vector = SigV4TestVector.Load(name);

        var result = SigV4Signer.Sign(vector.Request, vector.Credentials, vector.Context);

        Assert.Equal(vector.Expected("header-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(vector.Expected("header-string-to-sign.txt"), result.StringToSign);
        Assert.Equal(vector.Expected("header-signature.txt"), result.Signature);
        Assert.Equal(vector.ExpectedAuthorization(), result.Authorization);
    }

    [Theory]
    [MemberData(nameof(Vectors))]
    public void Presign_WhenGivenTestSuiteCase_ShouldMatchCanonicalRequestStringToSignAndSignature(string name)
    {
        Assert.NotEqual(SigV4TestVector.MissingFolder, name);
        var vector = SigV4TestVector.Load(name);

        var result = SigV4Signer.Presign(vector.Request, vector.Credentials, vector.Context, vector.Expires);

        Assert.Equal(vector.Expected("query-canonical-request.txt"), result.CanonicalRequest);
        Assert.Equal(vector.Expected("query-string-to-sign.txt"), result.StringToSign);
        Assert.Equal(vector.Expected("query-signature.txt"), result.Signature);
        Assert.Contains(new KeyValuePair<string, string>("X-Amz-Signature", result.Signature), result.QueryToAdd);
    }

    [Fact]
    public void DeriveSigningKey_WhenGivenDocumentedExample_ShouldMatchPublishedKey()
    {
        // The worked example from the AWS SigV4 documentation (iam, us-east-1, 2015-08-30).
        var key = SigV4Signer.DeriveSigningKey("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20150830", "us-east-1", "iam");

        Assert.Equal("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", Convert.ToHexStringLower(key));
    }
}
