using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// Deterministic operation ids as the AWS SDKs derive them: the n-th operation (1-based) a context starts gets the
/// lowercase hex SHA-256 of "n" in the root context and of "{parentId}-n" in a child context. Replays start the same
/// operations in the same order, so they meet the same ids. The root context's first <see cref="CachedRootIds"/> ids are
/// hashed once per process (every invocation of every workflow replays them from the first: a SHA-256 through OpenSSL
/// and four allocations for each operation it starts).
/// </summary>
internal sealed class OperationIdSequence(string? parentId)
{
    /// <summary>How many of the root context's ids are kept once hashed.</summary>
    public const int CachedRootIds = 512;

    private static readonly string?[] RootIds = new string?[CachedRootIds + 1];

    private int _counter;

    public string? ParentId { get; } = parentId;

    public string Next()
    {
        var n = Interlocked.Increment(ref _counter);
        return Derive(ParentId, n);
    }

    public static string Derive(string? parentId, int position)
    {
        if (parentId is null && position is > 0 and <= CachedRootIds)
        {
            // Two threads may both hash a position the first time: both store the same text.
            return RootIds[position] ??= Hash(position.ToString(CultureInfo.InvariantCulture));
        }

        return Hash((parentId is null ? string.Empty : parentId + "-") + position.ToString(CultureInfo.InvariantCulture));
    }

    private static string Hash(string raw) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
}
