namespace Conveyor.Durable;

/// <summary>How one item of a parallel or map operation ended.</summary>
public enum BatchItemStatus
{
    Succeeded,
    Failed,

    /// <summary>Not finished when the completion policy was met (never started, or still running).</summary>
    Incomplete,
}
