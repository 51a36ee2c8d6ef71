using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Validation;

public class ValidationExceptionTests
{
    [Fact]
    public void Message_WhenAParameterIsNamed_ShouldBeOnlyTheSentenceAndKeepTheName()
    {
        var ex = new ValidationException("The page size must be between 1 and 100; got 0.", "query");

        Assert.Equal("The page size must be between 1 and 100; got 0.", ex.Message);
        Assert.Equal("query", ex.ParamName);
        Assert.DoesNotContain("Parameter", ex.ToString().Split('\n')[0], StringComparison.Ordinal);
    }

    [Fact]
    public void Message_WhenOnlyASentenceIsGiven_ShouldBeThatSentence()
    {
        Assert.Equal("Bad.", new ValidationException("Bad.").Message);
        Assert.Equal("Bad.", new ValidationException("Bad.", new FormatException("inner")).Message);
    }
}
