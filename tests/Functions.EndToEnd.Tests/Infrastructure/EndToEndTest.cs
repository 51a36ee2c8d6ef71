namespace Conveyor.Functions.EndToEnd.Tests.Infrastructure;

/// <summary>Base of the end-to-end test classes: every test starts on freshly created, empty resources.</summary>
[Collection(EndToEndCollection.Name)]
public abstract class EndToEndTest(EndToEndFixture fixture) : IAsyncLifetime
{
    protected EndToEndFixture Fixture { get; } = fixture;

    protected ConveyorStack Stack => Fixture.Stack;

    protected TaskRows Tasks => Fixture.Tasks;

    public Task InitializeAsync() => Fixture.ResetAsync();

    public Task DisposeAsync() => Task.CompletedTask;
}
