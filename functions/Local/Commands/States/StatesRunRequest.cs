namespace Local.Commands.States;

/// <summary>The options of <c>conveyor states run</c>.</summary>
internal sealed record StatesRunRequest(
    FileInfo Definition,
    string? Input,
    FileInfo? MockConfig,
    string? TestCase,
    string? StateMachine,
    bool NoWait,
    IReadOnlyList<string> Substitutions,
    DirectoryInfo? Buckets = null);
