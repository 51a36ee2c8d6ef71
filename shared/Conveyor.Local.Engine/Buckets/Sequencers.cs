namespace Conveyor.Local.Engine.Buckets;

/// <summary>S3 sequencers: hexadecimal strings that order the events of one key once left-padded to equal length.</summary>
public static class Sequencers
{
    public static int Compare(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var width = Math.Max(a.Length, b.Length);
        return string.Compare(a.PadLeft(width, '0'), b.PadLeft(width, '0'), StringComparison.OrdinalIgnoreCase);
    }
}
