namespace Conveyor.Local.Engine.Loops;

/// <summary>Exponential retry delays: 250 ms, 500 ms, 1 s, … capped at 10 s.</summary>
public static class Backoff
{
    public static TimeSpan For(int delivery) =>
        TimeSpan.FromMilliseconds(Math.Min(10_000, 250 * Math.Pow(2, Math.Max(0, delivery - 1))));
}
