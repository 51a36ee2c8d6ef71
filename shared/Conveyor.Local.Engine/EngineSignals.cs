namespace Conveyor.Local.Engine;

/// <summary>One <see cref="Doorbell"/> per event source, rung by the in-process writers of that source.</summary>
public sealed class EngineSignals : IDisposable
{
    public Doorbell ChangeFeed { get; } = new();

    public Doorbell TaskQueue { get; } = new();

    public Doorbell BucketEvents { get; } = new();

    public Doorbell ScheduleEvents { get; } = new();

    public Doorbell Workflows { get; } = new();

    public Doorbell DurableExecutions { get; } = new();

    public void Dispose()
    {
        ChangeFeed.Dispose();
        TaskQueue.Dispose();
        BucketEvents.Dispose();
        ScheduleEvents.Dispose();
        Workflows.Dispose();
        DurableExecutions.Dispose();
    }
}
