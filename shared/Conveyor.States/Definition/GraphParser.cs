using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Definition;

/// <summary>Parses a StartAt/States graph and checks its transitions: targets exist, every state is reachable and can terminate.</summary>
internal static class GraphParser
{
    public static StateGraph? Parse(JsonNode? node, QueryLanguage language, string location, List<string> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add($"{location}: must be an object with StartAt and States");
            return null;
        }

        var startAt = JsonUtil.GetString(obj["StartAt"]);
        if (startAt is null) { problems.Add($"{location}: missing required field 'StartAt'"); }
        if (obj["States"] is not JsonObject statesObj || statesObj.Count == 0)
        {
            problems.Add($"{location}: 'States' must be a non-empty object");
            return null;
        }

        var states = new Dictionary<string, StateDefinition>(StringComparer.Ordinal);
        foreach (var (name, value) in statesObj)
        {
            if (name.Length > 80) { problems.Add($"State '{name[..20]}...': state names are limited to 80 characters"); }
            if (StateParser.Parse(name, value, language, problems) is { } state) { states[name] = state; }
        }

        if (startAt is not null && !statesObj.ContainsKey(startAt))
        {
            problems.Add($"{location}: StartAt '{startAt}' does not name a state");
            return null;
        }

        CheckTransitions(states, problems);
        if (startAt is not null) { CheckReachability(startAt, states, statesObj.Select(p => p.Key).ToList(), problems); }
        return startAt is null ? null : new StateGraph(startAt, states);
    }

    private static IEnumerable<string> Targets(StateDefinition s)
    {
        if (s.Next is not null) { yield return s.Next; }
        if (s.Default is not null) { yield return s.Default; }
        foreach (var rule in s.Choices) { if (rule.Next is not null) { yield return rule.Next; } }
        foreach (var c in s.Catch) { if (c.Next.Length > 0) { yield return c.Next; } }
    }

    private static void CheckTransitions(Dictionary<string, StateDefinition> states, List<string> problems)
    {
        foreach (var state in states.Values)
        {
            foreach (var target in Targets(state).Distinct())
            {
                if (!states.ContainsKey(target))
                {
                    problems.Add($"State '{state.Name}': transitions to '{target}', which is not a state in the same scope");
                }
            }
        }
    }

    private static void CheckReachability(string startAt, Dictionary<string, StateDefinition> states, List<string> declared, List<string> problems)
    {
        var reachable = new HashSet<string>(StringComparer.Ordinal);
        var stack = new Stack<string>([startAt]);
        while (stack.Count > 0)
        {
            var name = stack.Pop();
            if (!reachable.Add(name) || !states.TryGetValue(name, out var s)) { continue; }
            foreach (var t in Targets(s)) { stack.Push(t); }
        }

        foreach (var name in declared.Where(n => !reachable.Contains(n)))
        {
            problems.Add($"State '{name}': is not reachable from StartAt '{startAt}'");
        }

        // A state can terminate if it is terminal or some transition leads to a state that can terminate.
        var canEnd = new HashSet<string>(states.Values.Where(IsTerminal).Select(s => s.Name), StringComparer.Ordinal);
        bool changed;
        do
        {
            changed = false;
            foreach (var s in states.Values)
            {
                if (!canEnd.Contains(s.Name) && Targets(s).Any(canEnd.Contains)) { changed |= canEnd.Add(s.Name); }
            }
        }
        while (changed);

        var stuck = reachable.Where(n => states.ContainsKey(n) && !canEnd.Contains(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (stuck.Count > 0)
        {
            problems.Add($"States {string.Join(", ", stuck.Select(n => $"'{n}'"))}: form a cycle with no path to an End, Succeed or Fail state");
        }
    }

    private static bool IsTerminal(StateDefinition s) => s.End || s.Type is StateType.Succeed or StateType.Fail;
}
