using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.InMemory;

public sealed class InMemoryScheduleServiceContractTests : ScheduleServiceContract
{
    protected override IScheduleService Service { get; } = new InMemoryScheduleService();
}
