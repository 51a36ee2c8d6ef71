using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Lambda.Events;

/// <summary>
/// Checks an event's record list before any record is used. AWS never sends a <c>null</c> record, but a hand-made or
/// corrupted event can (<c>{"Records":[null]}</c>), and the JSON reader keeps it: such an event is refused as a whole,
/// naming the position, instead of failing with a NullReferenceException inside the batch loop.
/// </summary>
public static class EventRecords
{
    /// <exception cref="InvalidEventException">A record is null.</exception>
    public static IReadOnlyList<T> RequireAll<T>(IReadOnlyList<T> records, string eventName)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(records);
        for (var i = 0; i < records.Count; i++)
        {
            if (records[i] is null)
            {
                throw new InvalidEventException($"The {eventName} has a null record at Records[{i}].");
            }
        }

        return records;
    }
}
