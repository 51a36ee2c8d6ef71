namespace Conveyor.Local.Queue;

/// <summary>Messages in a queue by state: ready to receive, received and hidden, waiting out a send delay.</summary>
public sealed record QueueCounts(int Visible, int InFlight, int Delayed)
{
    public int Total => Visible + InFlight + Delayed;
}
