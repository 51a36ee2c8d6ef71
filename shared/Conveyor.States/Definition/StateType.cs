namespace Conveyor.States.Definition;

/// <summary>The eight state types of the Amazon States Language.</summary>
public enum StateType
{
    Pass,
    Task,
    Choice,
    Wait,
    Succeed,
    Fail,
    Parallel,
    Map,
}
