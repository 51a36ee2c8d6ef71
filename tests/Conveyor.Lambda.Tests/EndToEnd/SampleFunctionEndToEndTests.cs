using System.Text.Json;
using Conveyor.Lambda.Emulator;

namespace Conveyor.Lambda.Tests.EndToEnd;

/// <summary>The sample function's real process, its Runtime API calls crossing loopback HTTP to the emulator.</summary>
public sealed class SampleFunctionEndToEndTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Invoke_WhenEventIsValid_ShouldReturnHandlerResponseAndJsonLogs()
    {
        await using var function = FunctionUnderTest.Start(new Dictionary<string, string> { ["Greeting__Salutation"] = "Hello" });

        var outcome = await function.Emulator.InvokeAsync(
            new EmulatorInvocation { EventJson = """{"name":"Ada"}""", RequestId = "e2e-1" }, CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(InvocationOutcomeKind.Response, outcome.Kind);
        var body = JsonDocument.Parse(outcome.Body).RootElement;
        Assert.Equal("Hello, Ada!", body.GetProperty("message").GetString());
        Assert.Equal("e2e-1", body.GetProperty("requestId").GetString());
        Assert.Equal("SampleFunction", body.GetProperty("functionName").GetString());
        var greetingLog = await WaitForLogAsync(function, "Greeting Ada");
        Assert.Equal("e2e-1", greetingLog.GetProperty("requestId").GetString());
        Assert.Equal("sample", greetingLog.GetProperty("tenant").GetString());
    }

    [Fact]
    public async Task Invoke_WhenHandlerThrows_ShouldReportTypedErrorAndServeTheNextEvent()
    {
        await using var function = FunctionUnderTest.Start(new Dictionary<string, string> { ["Greeting__Salutation"] = "Hi" });

        var failed = await function.Emulator.InvokeAsync(
            new EmulatorInvocation { EventJson = """{"name":"Bob","fail":true}""" }, CancellationToken.None).WaitAsync(Wait);
        var next = await function.Emulator.InvokeAsync(
            new EmulatorInvocation { EventJson = """{"name":"Cy"}""" }, CancellationToken.None).WaitAsync(Wait);

        Assert.Equal(InvocationOutcomeKind.Error, failed.Kind);
        Assert.Equal("GreetingFailedException", failed.ErrorTypeHeader);
        Assert.Equal("GreetingFailedException", JsonDocument.Parse(failed.Body).RootElement.GetProperty("errorType").GetString());
        Assert.Equal(InvocationOutcomeKind.Response, next.Kind);
        Assert.Contains("Hi, Cy!", next.Body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_WhenRequiredOptionMissing_ShouldPostInitErrorAndExitNonZero()
    {
        await using var function = FunctionUnderTest.Start(new Dictionary<string, string>());

        var initError = await function.Emulator.InitError.WaitAsync(Wait);
        await function.Process.WaitForExitAsync().WaitAsync(Wait);

        Assert.Equal("OptionsValidationException", initError.ErrorTypeHeader);
        Assert.Contains("Salutation", initError.Body, StringComparison.Ordinal);
        Assert.Equal(1, function.Process.ExitCode);
    }

    private static async Task<JsonElement> WaitForLogAsync(FunctionUnderTest function, string message)
    {
        var until = DateTime.UtcNow + Wait;
        while (DateTime.UtcNow < until)
        {
            foreach (var line in function.StandardOutput)
            {
                if (line.StartsWith('{') && JsonDocument.Parse(line).RootElement is var json
                    && json.TryGetProperty("message", out var m) && m.GetString() == message)
                {
                    return json;
                }
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No log line '{message}' in:\n{string.Join('\n', function.StandardOutput)}");
    }
}
