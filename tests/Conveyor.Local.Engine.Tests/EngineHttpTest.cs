namespace Conveyor.Local.Engine.Tests;

/// <summary>Base of the tests that talk to a running engine over its real HTTP server (loopback, a free port).</summary>
public abstract class EngineHttpTest : IAsyncLifetime
{
    private protected EngineFixture Fixture { get; private set; } = null!;

    protected HttpClient Http { get; private set; } = null!;

    public virtual async Task InitializeAsync()
    {
        Fixture = await EngineFixture.StartAsync(o => o with { Port = 0 });
        Http = new HttpClient { BaseAddress = Fixture.Engine.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        Http.Dispose();
        await Fixture.DisposeAsync();
    }
}
