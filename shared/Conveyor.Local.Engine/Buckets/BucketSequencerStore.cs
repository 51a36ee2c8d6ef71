using Conveyor.Local.Engine.Storage;
using Conveyor.Local.Storage;
using Microsoft.Data.Sqlite;

namespace Conveyor.Local.Engine.Buckets;

/// <summary>
/// The highest sequencer processed per object key. As AWS advises for S3 notifications, an event whose sequencer is not
/// greater than the last one processed for its key is a duplicate or arrived out of order, and is dropped.
/// </summary>
public sealed class BucketSequencerStore(LocalDatabase database)
{
    private readonly LocalDatabase _database = database ?? throw new ArgumentNullException(nameof(database));

    public Task<string?> GetAsync(string bucket, string key, CancellationToken cancellationToken) =>
        _database.ReadAsync(
            async connection => (await Sql.ListAsync(
                connection, null, "SELECT sequencer FROM engine_bucket_sequencers WHERE bucket = $b AND key = $k;",
                r => r.GetString(0), cancellationToken, ("$b", bucket), ("$k", key)).ConfigureAwait(false)).SingleOrDefault(),
            cancellationToken);

    /// <summary>Records <paramref name="sequencer"/> as processed unless a greater one is recorded already.</summary>
    public Task AdvanceAsync(string bucket, string key, string sequencer, CancellationToken cancellationToken) =>
        _database.WriteAsync((connection, transaction) => AdvanceAsync(connection, transaction, bucket, key, sequencer, cancellationToken), cancellationToken);

    /// <summary><see cref="AdvanceAsync(string, string, string, CancellationToken)"/> inside the caller's transaction.</summary>
    public static async Task AdvanceAsync(
        SqliteConnection connection, SqliteTransaction transaction, string bucket, string key, string sequencer, CancellationToken cancellationToken)
    {
        var current = (await Sql.ListAsync(
            connection, transaction, "SELECT sequencer FROM engine_bucket_sequencers WHERE bucket = $b AND key = $k;",
            r => r.GetString(0), cancellationToken, ("$b", bucket), ("$k", key)).ConfigureAwait(false)).SingleOrDefault();
        if (current is null || Sequencers.Compare(sequencer, current) > 0)
        {
            await Sql.ExecuteAsync(
                connection, transaction,
                "INSERT INTO engine_bucket_sequencers (bucket, key, sequencer) VALUES ($b, $k, $s) ON CONFLICT (bucket, key) DO UPDATE SET sequencer = excluded.sequencer;",
                cancellationToken, ("$b", bucket), ("$k", key), ("$s", sequencer)).ConfigureAwait(false);
        }
    }
}
