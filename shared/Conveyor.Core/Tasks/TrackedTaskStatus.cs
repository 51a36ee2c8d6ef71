namespace Conveyor.Core.Tasks;

/// <summary>The lifecycle status of a tracked task. Wire names are upper case (see <see cref="TrackedTaskStatusNames"/>).</summary>
public enum TrackedTaskStatus
{
    /// <summary>Stored; dispatch follows from the change feed.</summary>
    Created,
    /// <summary>Sent to the task queue.</summary>
    Queued,
    /// <summary>A workflow execution was started for it.</summary>
    Started,
    /// <summary>A task processor is running it.</summary>
    Processing,
    /// <summary>Workflow ended and some subtasks failed (terminal).</summary>
    Finished,
    /// <summary>All good (terminal).</summary>
    Completed,
    /// <summary>An attempt failed and will be retried.</summary>
    Errored,
    /// <summary>Terminal failure.</summary>
    Failed,
}
