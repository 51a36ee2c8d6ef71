using System.Text;
using Amazon.DynamoDBv2.Model;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Estimates an item's size the way DynamoDB counts it against the 400 KB limit (names plus values, a few bytes of
/// overhead per map or list entry). Errs high, so an item under the threshold is under the real limit.
/// </summary>
internal static class ItemSize
{
    public static long Of(IReadOnlyDictionary<string, AttributeValue> item) =>
        item.Sum(p => Encoding.UTF8.GetByteCount(p.Key) + Of(p.Value));

    public static long Of(AttributeValue value)
    {
        if (value.S is not null)
        {
            return Encoding.UTF8.GetByteCount(value.S);
        }

        if (value.N is not null)
        {
            return (value.N.Length / 2) + 2;
        }

        if (value.B is not null)
        {
            return value.B.Length;
        }

        if (value.M is not null)
        {
            return 3 + value.M.Sum(p => 1 + Encoding.UTF8.GetByteCount(p.Key) + Of(p.Value));
        }

        if (value.L is not null)
        {
            return 3 + value.L.Sum(v => 1 + Of(v));
        }

        return 1 + (value.SS?.Sum(Encoding.UTF8.GetByteCount) ?? 0) + (value.NS?.Sum(n => (n.Length / 2) + 2) ?? 0)
            + (value.BS?.Sum(b => b.Length) ?? 0);
    }
}
