using System.Security.Cryptography;
using System.Text;

namespace Conveyor.Aws.Sqs;

/// <summary>FIFO group and deduplication ids: at most 128 characters of ASCII letters, digits and punctuation.</summary>
internal static class SqsIds
{
    private const int MaxLength = 128;

    /// <summary>The value itself when SQS accepts it, otherwise its SHA-256 (hex): stable, so deduplication still works.</summary>
    public static string Fit(string value) =>
        value.Length is > 0 and <= MaxLength && value.All(c => c is >= '!' and <= '~')
            ? value
            : Hash(value);

    public static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
