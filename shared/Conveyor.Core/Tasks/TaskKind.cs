namespace Conveyor.Core.Tasks;

/// <summary>What a row is: a single task, a step-function (parent) task, or one of its subtasks.</summary>
public enum TaskKind
{
    Task,
    StepFunction,
    SubTask,
}
