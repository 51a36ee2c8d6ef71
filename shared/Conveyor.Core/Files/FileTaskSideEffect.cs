using Conveyor.Core.Validation;

namespace Conveyor.Core.Files;

/// <summary>
/// A resource a file task declares besides its buckets, so deployment can create it and grant least privilege, and the
/// embedded engine can check it is configured. The actions a callback returns should stay within what the task declared.
/// </summary>
/// <param name="Name">The aggregate (CommandQueue), the schedule-name prefix (Schedules), the task type (Tasks) or the durable workflow (Workflows).</param>
public sealed record FileTaskSideEffect(FileTaskSideEffectKind Kind, string Name)
{
    public string Name { get; init; } = string.IsNullOrWhiteSpace(Name)
        ? throw new ValidationException($"A {Kind} side effect needs a name.", nameof(Name))
        : Name;

    public static FileTaskSideEffect PublishesTo(string aggregate) => new(FileTaskSideEffectKind.CommandQueue, aggregate);

    public static FileTaskSideEffect ManagesSchedules(string namePrefix) => new(FileTaskSideEffectKind.Schedules, namePrefix);

    public static FileTaskSideEffect StartsTasks(string taskType) => new(FileTaskSideEffectKind.Tasks, taskType);

    public static FileTaskSideEffect StartsWorkflows(string workflow) => new(FileTaskSideEffectKind.Workflows, workflow);
}
