using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Local.Scheduling;
using Conveyor.Local.Tests.Support;

namespace Conveyor.Local.Tests.Contracts;

public sealed class SqliteScheduleServiceContractTests : ScheduleServiceContract
{
    private readonly TempEngineFolder _folder = new();
    private IScheduleService _service = null!;

    protected override IScheduleService Service => _service;

    public override async Task InitializeAsync()
    {
        await _folder.InitializeAsync();
        _service = new SqliteScheduleService(_folder.Database, new LocalSchedulerOptions(), TimeProvider.System);
    }

    public override Task DisposeAsync() => _folder.DisposeAsync();
}
