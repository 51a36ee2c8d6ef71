using System.Security.Cryptography;

namespace Conveyor.Local.Buckets;

/// <summary>S3-style ETags of single-part objects: the MD5 of the content as lower-case hex (quoted in HTTP, bare in events).</summary>
internal static class ETags
{
    private const int BufferSize = 81920;

    public static async Task<string> Md5HexAsync(Stream content, CancellationToken cancellationToken)
    {
        using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
        var buffer = new byte[BufferSize];
        int read;
        while ((read = await content.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            md5.AppendData(buffer, 0, read);
        }

        return Convert.ToHexStringLower(md5.GetHashAndReset());
    }

    public static string Quote(string md5Hex) => "\"" + md5Hex + "\"";
}
