using System.Collections.Concurrent;

namespace Functions.EndToEnd.Tests.Deploy;

/// <summary>
/// The functions as <c>sam build</c> builds them (<see cref="SamBuild"/>), each built once per test run into its own
/// <c>ARTIFACTS_DIR</c> under a temporary <c>.aws-sam/build</c> and shared by the tests. Every run builds
/// <see cref="AotFunction"/> through both routes (Native AOT, the default, and JIT): on 2 busy cores that alone takes
/// minutes, so the other six functions are built through the same Makefile recipe only with
/// <c>CONVEYOR_SAM_ROUTE=all</c> (and all seven AOT by bench/cold-start.sh).
/// </summary>
public sealed class SamBuildArtifacts : IAsyncLifetime
{
    /// <summary>The function whose AOT build every run checks: the one every upload reaches first.</summary>
    public const string AotFunction = "FileTriggerFunction";

    private readonly string _root = Path.Combine(Path.GetTempPath(), $"conveyor-sam-build-{Environment.ProcessId}");
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _builds = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _oneAtATime = new(1, 1);

    public static bool AllFunctions => Environment.GetEnvironmentVariable("CONVEYOR_SAM_ROUTE") == "all";

    /// <summary>The built <c>bootstrap</c> of <paramref name="logicalId"/> for <paramref name="publish"/> (aot or jit).</summary>
    public Task<string> BootstrapAsync(string logicalId, string publish) =>
        _builds.GetOrAdd($"{publish}/{logicalId}", _ => new Lazy<Task<string>>(() => BuildAsync(logicalId, publish))).Value;

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync()
    {
        _oneAtATime.Dispose();
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }

        return Task.CompletedTask;
    }

    private async Task<string> BuildAsync(string logicalId, string publish)
    {
        // sam build's parallel = false (samconfig.toml): the builds share shared/*/obj, so one at a time.
        await _oneAtATime.WaitAsync();
        try
        {
            var artifactsDir = Path.Combine(_root, publish, ".aws-sam", "build", logicalId);
            await SamBuild.RunAsync(logicalId, artifactsDir, publish);
            var bootstrap = Path.Combine(artifactsDir, "bootstrap");
            Assert.True(File.Exists(bootstrap), $"make build-{logicalId} left no bootstrap in ARTIFACTS_DIR: {string.Join(", ", Directory.GetFiles(artifactsDir).Select(Path.GetFileName))}");
            return bootstrap;
        }
        finally
        {
            _oneAtATime.Release();
        }
    }
}
