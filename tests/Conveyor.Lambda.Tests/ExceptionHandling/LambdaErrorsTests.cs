using System.Text.Json;
using Conveyor.Lambda.ExceptionHandling;
using Conveyor.Lambda.Serialization;

namespace Conveyor.Lambda.Tests.ExceptionHandling;

public sealed class LambdaErrorsTests
{
    [Fact]
    public void FromException_WhenAggregateWrapsOne_ShouldReportTheInnerTypeName()
    {
        var error = LambdaErrors.FromException(new AggregateException(new KeyNotFoundException("missing")));

        Assert.Equal("KeyNotFoundException", error.ErrorType);
        Assert.Equal("missing", error.ErrorMessage);
    }

    [Fact]
    public void FromException_WhenInnerExceptionsNest_ShouldChainCauses()
    {
        var error = LambdaErrors.FromException(
            new InvalidOperationException("outer", new IOException("middle", new UnauthorizedAccessException("inner"))));

        Assert.Equal("InvalidOperationException", error.ErrorType);
        Assert.Equal("IOException", error.Cause?.ErrorType);
        Assert.Equal("UnauthorizedAccessException", error.Cause?.Cause?.ErrorType);
        Assert.Null(error.Cause?.Cause?.Cause);
    }

    [Fact]
    public void Serialize_WhenErrorHasNoCause_ShouldWriteTheRuntimeApiShape()
    {
        var error = new LambdaError { ErrorType = "TaskNotFoundException", ErrorMessage = "no task", StackTrace = ["at A", "at B"] };

        var json = JsonSerializer.Serialize(error, RuntimeJsonContext.Default.LambdaError);

        Assert.Equal("""{"errorType":"TaskNotFoundException","errorMessage":"no task","stackTrace":["at A","at B"]}""", json);
    }
}
