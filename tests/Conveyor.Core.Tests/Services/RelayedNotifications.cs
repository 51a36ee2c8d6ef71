using Conveyor.Core.Notifications;
using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;

namespace Conveyor.Core.Tests.Services;

/// <summary>
/// The notifications the change feed relay would publish for the writes of an <see cref="InMemoryTaskStore"/>
/// (<see cref="TaskChangeNotifications"/> over its recorded changes), from a mark that <see cref="Clear"/> moves.
/// </summary>
internal sealed class RelayedNotifications(InMemoryTaskStore store)
{
    private int _mark;

    public IReadOnlyList<Notification> Published => store.Changes.Skip(_mark).SelectMany(TaskChangeNotifications.For).ToArray();

    public IReadOnlyList<Notification> ForAction(string action) => Published.Where(n => n.Action == action).ToArray();

    public IReadOnlyList<Notification> ForKey(TaskKey key) => Published.Where(n => n.Key == key).ToArray();

    public void Clear() => _mark = store.Changes.Count;
}
