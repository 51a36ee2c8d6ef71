using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.DynamoDb;

/// <summary>The DynamoDB store against moto passes the same contract suite as the in-memory store.</summary>
[Collection("moto")]
public sealed class DynamoDbTaskStoreContractTests(MotoFixture moto) : TaskStoreContract, IAsyncLifetime
{
    private DynamoDbTestContext? _context;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _context = await DynamoDbTestContext.CreateAsync(moto.Server);
    }

    public async Task DisposeAsync()
    {
        if (_context is not null)
        {
            await _context.DisposeAsync();
        }
    }

    protected override Task<ITaskStore> CreateStoreAsync() => Task.FromResult<ITaskStore>(_context!.Store);
}
