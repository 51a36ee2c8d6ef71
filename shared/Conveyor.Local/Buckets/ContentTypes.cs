namespace Conveyor.Local.Buckets;

/// <summary>
/// Folders keep no per-file metadata, so the content type is derived from the extension (as S3 consoles and most
/// uploaders set it). A type passed to Put that differs from the extension's is not kept.
/// </summary>
internal static class ContentTypes
{
    private static readonly Dictionary<string, string> ByExtension = new(StringComparer.OrdinalIgnoreCase)
    {
        [".txt"] = "text/plain",
        [".csv"] = "text/csv",
        [".json"] = "application/json",
        [".xml"] = "application/xml",
        [".html"] = "text/html",
        [".jpg"] = "image/jpeg",
        [".jpeg"] = "image/jpeg",
        [".png"] = "image/png",
        [".gif"] = "image/gif",
        [".webp"] = "image/webp",
        [".pdf"] = "application/pdf",
        [".zip"] = "application/zip",
        [".gz"] = "application/gzip",
    };

    public static string? FromKey(string key) => ByExtension.GetValueOrDefault(Path.GetExtension(key));
}
