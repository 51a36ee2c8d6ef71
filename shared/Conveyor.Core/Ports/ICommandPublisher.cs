using Conveyor.Core.Commands;

namespace Conveyor.Core.Ports;

/// <summary>Sends commands to the queue of an aggregate (SQS on AWS, a command log locally).</summary>
public interface ICommandPublisher
{
    /// <exception cref="Validation.ValidationException">No queue is configured for <paramref name="aggregate"/>.</exception>
    Task PublishAsync(string aggregate, IReadOnlyList<CommandMessage> commands, CancellationToken cancellationToken);
}
