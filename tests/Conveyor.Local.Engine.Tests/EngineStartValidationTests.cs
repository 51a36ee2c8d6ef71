using Conveyor.Core.Validation;
using Conveyor.Local.Engine.Http;

namespace Conveyor.Local.Engine.Tests;

/// <summary>
/// Settings are checked once, when the engine starts: its own options first (they say where it runs), then every
/// validated options registration in its container (the application's too), as a Lambda function's init does.
/// </summary>
public sealed class EngineStartValidationTests
{
    [Theory]
    [InlineData(0, 64, null, "--workers")]
    [InlineData(4, 0, null, "--durable-invocations")]
    [InlineData(4, 64, "short", LocalApiAuth.SecretVariable)]
    public async Task StartAsync_WhenAnEngineOptionIsInvalid_ShouldFailNamingItBeforeTouchingTheFolder(int workers, int durableInvocations, string? secret, string named)
    {
        var directory = Path.Combine(Path.GetTempPath(), "conveyor-engine-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<ValidationException>(() => EngineFixture.StartAsync(o => o with
        {
            Directory = directory,
            Workers = workers,
            DurableInvocations = durableInvocations,
            ApiAuth = secret is null ? null : new LocalApiAuth { JwtSecret = secret },
        }));

        Assert.Contains(named, error.Message, StringComparison.Ordinal);
        Assert.False(System.IO.Directory.Exists(directory));
    }

    [Fact]
    public async Task StartAsync_WhenTheApplicationsSettingIsInvalid_ShouldFailAtStartNamingIt()
    {
        var directory = Path.Combine(Path.GetTempPath(), "conveyor-engine-" + Guid.NewGuid().ToString("N"));
        try
        {
            // The tenant reaches the application's options (Conveyor:App:Tenant), which the container checks as it starts.
            var error = await Assert.ThrowsAsync<ValidationException>(() => EngineFixture.StartAsync(o => o with { Directory = directory, Tenant = "a#b" }));

            Assert.Contains("CONVEYOR__APP__TENANT", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            System.IO.Directory.Delete(directory, recursive: true);
        }
    }
}
