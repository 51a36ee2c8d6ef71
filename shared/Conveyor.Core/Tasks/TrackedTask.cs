using System.Text.Json;

namespace Conveyor.Core.Tasks;

/// <summary>
/// A tracked task row. Immutable: every change goes through a named method that checks the transition table
/// and returns the next version; the store then writes it on condition of the previous version.
/// </summary>
public sealed record TrackedTask
{
    public required TaskKey Key { get; init; }

    public string Id => Key.Id;

    public TaskKind Kind => TaskKeys.KindOf(Key);

    public required string Tenant { get; init; }

    public required string Type { get; init; }

    public required string Name { get; init; }

    public required TrackedTaskStatus Status { get; init; }

    /// <summary>The task's input JSON (an array for a step-function task).</summary>
    public required JsonElement Input { get; init; }

    public JsonElement? Result { get; init; }

    public TaskError? Error { get; init; }

    /// <summary>The progress summary of a step-function task; null for other kinds until set.</summary>
    public ProgressSummary? Attributes { get; init; }

    /// <summary>Starts at 1 on creation; every update increments it by one.</summary>
    public required long Version { get; init; }

    public required DateTimeOffset CreatedAt { get; init; }

    public required DateTimeOffset UpdatedAt { get; init; }

    public string? CreatedBy { get; init; }

    public string? RequestId { get; init; }

    /// <summary>The parent step-function task of a subtask.</summary>
    public TaskKey? ParentKey { get; init; }

    public TrackedTask Queue(DateTimeOffset now) => MoveTo(TrackedTaskStatus.Queued, now);

    public TrackedTask Start(DateTimeOffset now) => MoveTo(TrackedTaskStatus.Started, now);

    public TrackedTask BeginProcessing(DateTimeOffset now) => MoveTo(TrackedTaskStatus.Processing, now) with { Error = null };

    public TrackedTask Complete(JsonElement? result, DateTimeOffset now) => MoveTo(TrackedTaskStatus.Completed, now) with { Result = result ?? Result, Error = null };

    public TrackedTask Finish(DateTimeOffset now) => MoveTo(TrackedTaskStatus.Finished, now);

    public TrackedTask Fail(TaskError error, DateTimeOffset now) => MoveTo(TrackedTaskStatus.Failed, now) with { Error = error ?? throw new ArgumentNullException(nameof(error)) };

    public TrackedTask MarkErrored(TaskError error, DateTimeOffset now) => MoveTo(TrackedTaskStatus.Errored, now) with { Error = error ?? throw new ArgumentNullException(nameof(error)) };

    /// <summary>Moves to any status the table allows from here; the generic form of the named methods.</summary>
    /// <exception cref="IllegalTransitionException">The move is not allowed (always, out of a terminal status).</exception>
    public TrackedTask MoveTo(TrackedTaskStatus status, DateTimeOffset now)
    {
        TaskTransitions.EnsureLegal(Key, Status, status);
        return this with { Status = status, Version = Version + 1, UpdatedAt = now.ToUniversalTime() };
    }

    /// <summary>Replaces the progress summary without changing the status (not allowed once terminal).</summary>
    public TrackedTask WithAttributes(ProgressSummary attributes, DateTimeOffset now)
    {
        if (Status.IsTerminal())
        {
            throw new IllegalTransitionException(Key, Status, Status);
        }

        return this with { Attributes = attributes, Version = Version + 1, UpdatedAt = now.ToUniversalTime() };
    }
}
