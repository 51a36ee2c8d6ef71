using Conveyor.Core.Commands;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Actions;

/// <summary>Sends <see cref="Commands"/> to the queue of <see cref="Aggregate"/>.</summary>
public sealed record PublishCommands : FileTaskAction
{
    /// <exception cref="ValidationException">Empty aggregate or no commands.</exception>
    public PublishCommands(string aggregate, IReadOnlyList<CommandMessage> commands)
    {
        if (string.IsNullOrWhiteSpace(aggregate))
        {
            throw new ValidationException("PublishCommands needs the aggregate whose queue receives the commands.", nameof(aggregate));
        }

        if (commands is null || commands.Count == 0)
        {
            throw new ValidationException($"PublishCommands to '{aggregate}' needs at least one command.", nameof(commands));
        }

        Aggregate = aggregate;
        Commands = commands;
    }

    public string Aggregate { get; }

    public IReadOnlyList<CommandMessage> Commands { get; }

    public override string Describe() => $"PublishCommands({Aggregate}, {Commands.Count} command(s))";
}
