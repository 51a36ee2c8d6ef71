namespace Conveyor.States.Definition;

/// <summary>One Retry entry.</summary>
internal sealed record RetrierDefinition(
    IReadOnlyList<string> ErrorEquals,
    double IntervalSeconds,
    int MaxAttempts,
    double BackoffRate,
    double? MaxDelaySeconds,
    bool FullJitter);
