using Conveyor.Core.Commands;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Testing;

/// <summary>
/// Records published commands per aggregate. Given a list of known aggregates, publishing to any other aggregate throws
/// <see cref="ValidationException"/> like an adapter with no queue configured for it; without a list, any aggregate is accepted.
/// </summary>
public sealed class InMemoryCommandPublisher(IEnumerable<string>? knownAggregates = null) : ICommandPublisher
{
    private readonly HashSet<string>? _known = knownAggregates is null ? null : new HashSet<string>(knownAggregates, StringComparer.Ordinal);
    private readonly List<(string Aggregate, CommandMessage Message)> _published = [];
    private readonly Lock _lock = new();

    /// <summary>Everything published, in order.</summary>
    public IReadOnlyList<(string Aggregate, CommandMessage Message)> All
    {
        get
        {
            lock (_lock)
            {
                return [.. _published];
            }
        }
    }

    /// <summary>The commands published to <paramref name="aggregate"/>, in order.</summary>
    public IReadOnlyList<CommandMessage> Published(string aggregate)
    {
        lock (_lock)
        {
            return [.. _published.Where(p => p.Aggregate == aggregate).Select(p => p.Message)];
        }
    }

    public Task PublishAsync(string aggregate, IReadOnlyList<CommandMessage> commands, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(commands);
        cancellationToken.ThrowIfCancellationRequested();
        if (string.IsNullOrWhiteSpace(aggregate))
        {
            throw new ValidationException("Commands need the aggregate whose queue receives them.", nameof(aggregate));
        }

        if (_known is not null && !_known.Contains(aggregate))
        {
            throw new ValidationException(
                $"No command queue is configured for aggregate '{aggregate}'; known: {string.Join(", ", _known.Order(StringComparer.Ordinal))}.",
                nameof(aggregate));
        }

        lock (_lock)
        {
            _published.AddRange(commands.Select(c => (aggregate, c)));
        }

        return Task.CompletedTask;
    }
}
