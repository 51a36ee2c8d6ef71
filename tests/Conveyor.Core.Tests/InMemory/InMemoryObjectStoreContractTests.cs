using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryObjectStoreContractTests : ObjectStoreContract
{
    protected override IObjectStore Store { get; } = new InMemoryObjectStore();

    protected override string Bucket => "contract-bucket";
}
