using System.Text.Json;
using Conveyor.Lambda.Hosting.Logging;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;

// The tests exercise the formatter through plain ILogger calls on purpose (no source-generated LoggerMessage).
#pragma warning disable CA1848, CA1873

namespace Conveyor.Lambda.Tests.Hosting;

public sealed class JsonConsoleLoggerTests
{
    private readonly StringWriter _output = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2025, 3, 14, 9, 0, 0, TimeSpan.Zero));

    private ILoggerFactory CreateFactory() => LoggerFactory.Create(builder => builder.AddProvider(
        new JsonConsoleLoggerProvider(new JsonLogOptions { Output = _output, TimeProvider = _time, FunctionName = "TaskWorker" })));

    private JsonElement[] Lines() => _output.ToString()
        .Split('\n', StringSplitOptions.RemoveEmptyEntries)
        .Select(line => JsonDocument.Parse(line).RootElement)
        .ToArray();

    [Fact]
    public void Log_WhenInsideInvocationAndTaskScopes_ShouldWriteOneJsonLineWithAllFields()
    {
        using var factory = CreateFactory();
        var logger = factory.CreateLogger("Conveyor.TaskWorker");

        using (logger.BeginScope(new Dictionary<string, object?> { ["requestId"] = "req-1", ["traceId"] = "Root=1-x" }))
        using (logger.BeginScope(new Dictionary<string, object?> { ["TaskKey"] = "TASK#t1#report#01J", ["Tenant"] = "t1" }))
        {
            logger.LogInformation("Task {Sk} moved to {Status} after {Attempts} attempts", "report#01J", "COMPLETED", 2);
        }

        var line = Assert.Single(Lines());
        Assert.Equal("2025-03-14T09:00:00.0000000+00:00", line.GetProperty("timestamp").GetString());
        Assert.Equal("INFO", line.GetProperty("level").GetString());
        Assert.Equal("Conveyor.TaskWorker", line.GetProperty("category").GetString());
        Assert.Equal("Task report#01J moved to COMPLETED after 2 attempts", line.GetProperty("message").GetString());
        Assert.Equal("TaskWorker", line.GetProperty("function").GetString());
        Assert.Equal("req-1", line.GetProperty("requestId").GetString());
        Assert.Equal("Root=1-x", line.GetProperty("traceId").GetString());
        Assert.Equal("TASK#t1#report#01J", line.GetProperty("taskKey").GetString());
        Assert.Equal("t1", line.GetProperty("tenant").GetString());
        Assert.Equal("COMPLETED", line.GetProperty("status").GetString());
        Assert.Equal(2, line.GetProperty("attempts").GetInt32());
        Assert.False(line.TryGetProperty("{OriginalFormat}", out _));
    }

    [Fact]
    public void Log_WhenExceptionGiven_ShouldWriteErrorTypeMessageAndStack()
    {
        using var factory = CreateFactory();
        var logger = factory.CreateLogger("c");

        logger.LogError(new TimeoutException("slow \"db\"\nline two"), "Failed");

        var line = Assert.Single(Lines());
        Assert.Equal("ERROR", line.GetProperty("level").GetString());
        Assert.Equal("TimeoutException", line.GetProperty("errorType").GetString());
        Assert.Equal("slow \"db\"\nline two", line.GetProperty("errorMessage").GetString());
        Assert.Contains("TimeoutException", line.GetProperty("stackTrace").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Log_WhenStateKeyCollidesWithReservedField_ShouldKeepTheReservedValue()
    {
        using var factory = CreateFactory();
        var logger = factory.CreateLogger("c");

        logger.LogWarning("Level is {Level}", "fake");

        var line = Assert.Single(Lines());
        Assert.Equal("WARN", line.GetProperty("level").GetString());
        Assert.Equal("Level is fake", line.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData("DEBUG", LogLevel.Debug)]
    [InlineData("warn", LogLevel.Warning)]
    [InlineData("FATAL", LogLevel.Critical)]
    [InlineData(null, LogLevel.Information)]
    [InlineData("verbose", LogLevel.Information)]
    public void Parse_WhenLambdaLogLevelGiven_ShouldMapToLogLevel(string? name, LogLevel expected)
    {
        Assert.Equal(expected, JsonLogLevels.Parse(name, LogLevel.Information));
    }
}
