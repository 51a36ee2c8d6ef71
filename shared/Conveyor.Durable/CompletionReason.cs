namespace Conveyor.Durable;

/// <summary>Why a parallel or map operation completed.</summary>
public enum CompletionReason
{
    AllCompleted,
    MinSuccessfulReached,
    FailureToleranceExceeded,
}
