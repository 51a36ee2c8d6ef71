using Conveyor.Core.Ports;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Testing;

/// <summary>Records every published notification, in order; thread-safe.</summary>
public sealed class InMemoryNotifier : INotifier
{
    private readonly Lock _gate = new();
    private readonly List<Notification> _published = [];

    /// <summary>A snapshot of everything published so far.</summary>
    public IReadOnlyList<Notification> Published
    {
        get
        {
            lock (_gate)
            {
                return _published.ToArray();
            }
        }
    }

    public Task PublishAsync(Notification notification, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notification);
        cancellationToken.ThrowIfCancellationRequested();
        lock (_gate)
        {
            _published.Add(notification);
        }

        return Task.CompletedTask;
    }

    public IReadOnlyList<Notification> ForAction(string action) => Published.Where(n => n.Action == action).ToArray();

    public IReadOnlyList<Notification> ForKey(TaskKey key) => Published.Where(n => n.Key == key).ToArray();

    public void Clear()
    {
        lock (_gate)
        {
            _published.Clear();
        }
    }
}
