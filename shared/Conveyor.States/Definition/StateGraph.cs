namespace Conveyor.States.Definition;

/// <summary>A set of states with a start: the top level, a Parallel branch or a Map item processor.</summary>
internal sealed class StateGraph(string startAt, IReadOnlyDictionary<string, StateDefinition> states)
{
    public string StartAt { get; } = startAt;

    public IReadOnlyDictionary<string, StateDefinition> States { get; } = states;
}
