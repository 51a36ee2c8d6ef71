namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>All end-to-end tests share one moto and the warm functions, so they run one after another.</summary>
[CollectionDefinition(Name)]
public sealed class EndToEndCollection : ICollectionFixture<EndToEndFixture>
{
    public const string Name = "end-to-end";
}
