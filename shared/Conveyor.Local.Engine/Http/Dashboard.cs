namespace Conveyor.Local.Engine.Http;

/// <summary>The self-contained dashboard page (embedded resource; no external scripts or styles).</summary>
public static class Dashboard
{
    private static readonly Lazy<string> Page = new(() =>
    {
        using var stream = typeof(Dashboard).Assembly.GetManifestResourceStream("Conveyor.Local.Engine.dashboard.html")
            ?? throw new InvalidOperationException("The dashboard page is missing from the assembly.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    public static string Html => Page.Value;
}
