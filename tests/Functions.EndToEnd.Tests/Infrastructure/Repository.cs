using System.Reflection;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>Paths of the repository and of the build output the tests run (built by this project's references).</summary>
public static class Repository
{
    public static string Root { get; } = Metadata("RepositoryRoot");

    public static string Configuration { get; } = Metadata("BuildConfiguration");

    public static string EventsDirectory => Path.Combine(Root, "events");

    public static string Event(string fileName) => Path.Combine(EventsDirectory, fileName);

    public static string FunctionDll(string function) =>
        Path.Combine(Root, "functions", function, "bin", Configuration, "net10.0", function + ".dll");

    /// <summary>
    /// The framework-dependent <c>.dll</c>, or with <c>CONVEYOR_E2E_AOT=1</c> the Native AOT
    /// <c>artifacts/aot/&lt;Name&gt;/bootstrap</c> (scripts/publish-aot.sh), so the same suite proves the AOT binaries work.
    /// </summary>
    public static string FunctionExecutable(string function) =>
        Environment.GetEnvironmentVariable("CONVEYOR_E2E_AOT") == "1"
            ? Path.Combine(Root, "artifacts", "aot", function, "bootstrap")
            : FunctionDll(function);

    public static string ConveyorDll => Path.Combine(Root, "functions", "Local", "bin", Configuration, "net10.0", "conveyor.dll");

    private static string Metadata(string key) => typeof(Repository).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>()
        .Single(a => a.Key == key).Value!;
}
