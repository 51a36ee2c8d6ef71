namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>Base of the end-to-end test classes: every test starts on freshly created, empty resources.</summary>
[Collection(EndToEndCollection.Name)]
public abstract class EndToEndTest(EndToEndFixture fixture) : IAsyncLifetime
{
    protected EndToEndFixture Fixture { get; } = fixture;

    protected ConveyorStack Stack => Fixture.Stack;

    protected TaskRows Tasks => Fixture.Tasks;

    public Task InitializeAsync() => Fixture.ResetAsync();

    /// <summary>Fails the test when a function it ran used an AWS permission iam-evidence.json does not list.</summary>
    public Task DisposeAsync()
    {
        var unlisted = Fixture.UnlistedPermissions();
        Assert.True(unlisted.Count == 0, "AWS permissions used but missing from tests/Functions.EndToEnd.Tests/Iam/iam-evidence.json "
            + "(template.yaml must grant them; refresh the file with CONVEYOR_IAM_EVIDENCE_OUT):\n" + string.Join('\n', unlisted));
        return Task.CompletedTask;
    }
}
