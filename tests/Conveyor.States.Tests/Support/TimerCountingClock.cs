using Microsoft.Extensions.Time.Testing;

namespace Conveyor.States.Tests.Support;

/// <summary>A fake clock that counts the timers created on it.</summary>
public sealed class TimerCountingClock(FakeTimeProvider fake) : TimeProvider
{
    private int _timers;

    public FakeTimeProvider Fake { get; } = fake;

    public int Timers => Volatile.Read(ref _timers);

    public override DateTimeOffset GetUtcNow() => Fake.GetUtcNow();

    public override long GetTimestamp() => Fake.GetTimestamp();

    public override long TimestampFrequency => Fake.TimestampFrequency;

    public override TimeZoneInfo LocalTimeZone => Fake.LocalTimeZone;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        Interlocked.Increment(ref _timers);
        return Fake.CreateTimer(callback, state, dueTime, period);
    }
}
