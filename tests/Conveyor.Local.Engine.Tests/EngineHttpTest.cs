namespace Conveyor.Local.Engine.Tests;

/// <summary>Base of the tests that talk to a running engine over its real HTTP server (loopback, a free port).</summary>
public abstract class EngineHttpTest : IAsyncLifetime
{
    private protected EngineFixture Fixture { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Fixture = await EngineFixture.StartAsync(o => Configure(o with { Port = 0 }));
        Http = new HttpClient { BaseAddress = Fixture.Engine.BaseAddress };
    }

    /// <summary>The engine's options beyond the fixture's (a free port); a test class changes what it needs.</summary>
    protected virtual EngineOptions Configure(EngineOptions options) => options;

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Fixture.DisposeAsync();
    }
}
