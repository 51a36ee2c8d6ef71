namespace Conveyor.Local.Engine.Dashboard;

/// <summary>The page's files, embedded from <c>Dashboard/wwwroot</c> (no external scripts, styles or fonts).</summary>
public static class DashboardAssets
{
    private static readonly Dictionary<string, Lazy<DashboardAsset>> Files = new(StringComparer.Ordinal)
    {
        ["/"] = Load("index.html", "text/html; charset=utf-8"),
        ["/dashboard"] = Load("index.html", "text/html; charset=utf-8"),
        ["/app.css"] = Load("app.css", "text/css; charset=utf-8"),
        ["/app.js"] = Load("app.js", "text/javascript; charset=utf-8"),
        ["/graph.js"] = Load("graph.js", "text/javascript; charset=utf-8"),
    };

    /// <summary>The file served at <paramref name="path"/>, or null.</summary>
    public static DashboardAsset? Find(string path) => Files.TryGetValue(path, out var file) ? file.Value : null;

    private static Lazy<DashboardAsset> Load(string name, string contentType) => new(() =>
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream("Conveyor.Local.Engine.Dashboard." + name)
            ?? throw new InvalidOperationException($"The dashboard file {name} is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return new DashboardAsset(contentType, reader.ReadToEnd());
    });
}
