using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryDeadLetterQueueContractTests : DeadLetterQueueContract
{
    protected override Task<IDeadLetterQueue> CreateQueueAsync() => Task.FromResult<IDeadLetterQueue>(new InMemoryDeadLetterQueue());

    protected override Task<IReadOnlyList<(string Body, IReadOnlyDictionary<string, string> Attributes)>> ReadAsync(IDeadLetterQueue queue, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<(string, IReadOnlyDictionary<string, string>)>>(
            [.. ((InMemoryDeadLetterQueue)queue).Letters.Select(l => (l.Body, (IReadOnlyDictionary<string, string>)l.Attributes.ToDictionary(a => a.Key, a => a.Value)))]);
}
