namespace Local.EndToEnd.Tests;

/// <summary>A fresh engine folder, deleted afterwards.</summary>
internal sealed class TempDirectory : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "conveyor-e2e-" + Guid.NewGuid().ToString("N"));

    public string Bucket(string name) => System.IO.Path.Combine(Path, "buckets", name);

    /// <summary>Writes a file next to the bucket, then moves it in, as a finished upload appears.</summary>
    public void Drop(string bucket, string name, string content)
    {
        var staging = System.IO.Path.Combine(Path, "staging-" + Guid.NewGuid().ToString("N"));
        File.WriteAllText(staging, content);
        File.Move(staging, System.IO.Path.Combine(Bucket(bucket), name));
    }

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }
}
