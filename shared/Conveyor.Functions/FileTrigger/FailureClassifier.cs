using Conveyor.Core.Files;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.Functions.FileTrigger;

/// <summary>Tells bad input and misconfiguration (retrying cannot help) from faults that a retry may cure.</summary>
internal static class FailureClassifier
{
    public static bool IsTransient(Exception exception) => exception switch
    {
        // Validation errors, malformed keys/JSON/CSV, unknown buckets or actions, illegal moves: the same event fails the same way.
        ArgumentException or FormatException or PermanentTaskFailureException or BucketNotConfiguredException
            or NotSupportedException or IllegalTransitionException or IdempotencyKeyReusedException => false,
        AggregateException { InnerExceptions.Count: 1 } aggregate => IsTransient(aggregate.InnerExceptions[0]),
        _ => true,
    };
}
