using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// A cancelled transaction is transient when every failing item failed for contention or capacity
/// (a concurrent transaction on the same item, throttling), never when a condition check or validation failed.
/// </summary>
public sealed class TransactionCancellationClassifier : ITransientErrorClassifier
{
    private static readonly HashSet<string> TransientReasons = new(StringComparer.Ordinal)
    {
        "TransactionConflict", "ThrottlingError", "ProvisionedThroughputExceeded", "RequestLimitExceeded",
    };

    public static TransactionCancellationClassifier Instance { get; } = new();

    public bool IsTransient(Exception exception)
    {
        if (exception is not TransactionCanceledException { CancellationReasons: { Count: > 0 } reasons })
        {
            return false;
        }

        var failing = reasons.Where(r => r.Code is not null and not "None").ToList();
        return failing.Count > 0 && failing.All(r => TransientReasons.Contains(r.Code));
    }
}
