using System.Security.Cryptography;
using System.Text;
using Conveyor.Core.Files;

namespace Conveyor.Core.Actions;

/// <summary>Deterministic idempotency keys for effects caused by at-least-once events.</summary>
public static class IdempotencyKeys
{
    /// <summary>
    /// A key that is the same for every delivery of one bucket event and differs between events: it covers the bucket,
    /// key, created/removed, ETag and sequencer (or version id). <paramref name="purpose"/> separates several effects of
    /// one event (e.g. the task type), so two tasks started from one upload do not collapse into one.
    /// </summary>
    /// <returns><c>s3-</c> followed by 40 hex characters.</returns>
    public static string ForBucketEvent(BucketEvent evt, string purpose)
    {
        ArgumentNullException.ThrowIfNull(evt);
        ArgumentNullException.ThrowIfNull(purpose);
        var kind = evt.IsCreated ? "created" : evt.IsRemoved ? "removed" : evt.EventName;

        return Hash("s3-", purpose, evt.Bucket, evt.Key, kind, evt.ETag ?? string.Empty, evt.Sequencer ?? evt.VersionId ?? string.Empty);
    }

    /// <summary>
    /// A key that is the same for every delivery of one firing of a schedule (EventBridge Scheduler delivers at least
    /// once) and differs between firings.
    /// </summary>
    /// <returns><c>schedule-</c> followed by 40 hex characters.</returns>
    public static string ForScheduleFiring(string scheduleName, string scheduledTime)
    {
        ArgumentException.ThrowIfNullOrEmpty(scheduleName);
        ArgumentException.ThrowIfNullOrEmpty(scheduledTime);
        return Hash("schedule-", scheduleName, scheduledTime);
    }

    /// <summary><paramref name="prefix"/> + the first 40 hex characters of the SHA-256 of the parts.</summary>
    private static string Hash(string prefix, params string[] parts)
    {
        // Unit separators keep field boundaries unambiguous ("a"+"bc" vs "ab"+"c").
        var text = string.Join('\u001f', parts);
        return prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)))[..40];
    }
}
