using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Durable.Runtime;

/// <summary>
/// Deterministic operation ids as the AWS SDKs derive them: the n-th operation (1-based) a context starts gets the
/// lowercase hex SHA-256 of "n" in the root context and of "{parentId}-n" in a child context. Replays start the same
/// operations in the same order, so they meet the same ids.
/// </summary>
internal sealed class OperationIdSequence(string? parentId)
{
    private int _counter;

    public string? ParentId { get; } = parentId;

    public string Next()
    {
        var n = Interlocked.Increment(ref _counter);
        return Derive(ParentId, n);
    }

    public static string Derive(string? parentId, int position)
    {
        var raw = (parentId is null ? string.Empty : parentId + "-") + position.ToString(CultureInfo.InvariantCulture);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(raw)));
    }
}
