using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Moto;

[CollectionDefinition("moto")]
public sealed class MotoCollection : ICollectionFixture<MotoFixture>;

[Collection("moto")]
public sealed class MotoSmokeTests(MotoFixture moto)
{
    [Fact]
    public async Task ResetAsync_WhenServerRuns_ShouldSucceed()
    {
        await moto.Server.ResetAsync();
        Assert.StartsWith("http://127.0.0.1:", moto.Server.Endpoint.ToString(), StringComparison.Ordinal);
    }
}
