namespace Conveyor.Testing.Moto;

/// <summary>
/// xunit fixture owning one <see cref="MotoServer"/>. Declare it as a collection fixture in each test assembly
/// (<c>[CollectionDefinition("moto")] public sealed class MotoCollection : ICollectionFixture&lt;MotoFixture&gt;;</c>)
/// and reset between test classes with <see cref="MotoServer.ResetAsync"/>.
/// </summary>
public sealed class MotoFixture : IAsyncLifetime
{
    private MotoServer? _server;

    public MotoServer Server => _server ?? throw new InvalidOperationException("The moto fixture has not started.");

    public async Task InitializeAsync() => _server = await MotoServer.StartAsync();

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
