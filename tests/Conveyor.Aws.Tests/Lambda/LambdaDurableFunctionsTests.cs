using Conveyor.Aws.Lambda;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.Aws.Tests.Lambda;

public sealed class LambdaDurableFunctionsTests
{
    [Fact]
    public void FromConfiguration_WhenAQualifiedArnIsSet_ShouldMapTheFunctionNameCaseInsensitively()
    {
        var functions = LambdaDurableFunctions.FromConfiguration(Configuration("arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review:live"));

        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review:live", functions.QualifiedArnOf("DocumentReview"));
        Assert.Equal("arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review", LambdaDurableFunctions.UnqualifiedArnOf(functions.QualifiedArnOf("documentreview")));
    }

    [Theory]
    [InlineData("arn:aws:lambda:us-east-1:123456789012:function:conveyor-dev-document-review")]
    [InlineData("conveyor-dev-document-review:live")]
    public void Validate_WhenTheArnIsNotQualified_ShouldNameTheVariable(string value)
    {
        var refused = Assert.Throws<ValidationException>(() => LambdaDurableFunctions.FromConfiguration(Configuration(value)).Validate());

        Assert.Contains("CONVEYOR__DURABLEFUNCTIONS__DOCUMENTREVIEW", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromConfiguration_WhenNothingIsSet_ShouldBeEmpty() =>
        Assert.Empty(LambdaDurableFunctions.FromConfiguration(new ConfigurationBuilder().Build()).Functions);

    private static IConfiguration Configuration(string value) =>
        new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Conveyor:DurableFunctions:DocumentReview"] = value }).Build();
}
