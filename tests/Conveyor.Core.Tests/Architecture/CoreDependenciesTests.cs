using System.Xml.Linq;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Architecture;

/// <summary>Core is the domain: no AWS SDK, no hosting, only Microsoft.Extensions abstractions (STYLE.md rule 2).</summary>
public sealed class CoreDependenciesTests
{
    private static readonly string[] ForbiddenPrefixes =
    [
        "AWSSDK", "Amazon", "Microsoft.Extensions.Hosting", "Microsoft.AspNetCore", "Microsoft.Extensions.DependencyInjection,",
        "Microsoft.Extensions.Logging,", "Microsoft.Extensions.Configuration,", "Microsoft.Data.Sqlite", "Polly",
    ];

    [Fact]
    public void CoreAssembly_WhenReferencesInspected_ShouldHaveNoAwsOrHostingAssembly()
    {
        var references = typeof(TrackedTask).Assembly.GetReferencedAssemblies().Select(a => a.FullName).ToArray();

        var forbidden = references.Where(r => ForbiddenPrefixes.Any(p => r.StartsWith(p, StringComparison.OrdinalIgnoreCase))).ToArray();

        Assert.Empty(forbidden);
        Assert.Contains(references, r => r.StartsWith("System.Runtime", StringComparison.Ordinal));
    }

    [Fact]
    public void CoreProject_WhenPackageReferencesRead_ShouldOnlyUseExtensionsAbstractions()
    {
        var project = XDocument.Load(Path.Combine(FindRepositoryRoot(), "shared", "Conveyor.Core", "Conveyor.Core.csproj"));

        var packages = project.Descendants().Where(e => e.Name.LocalName == "PackageReference")
            .Select(e => (string?)e.Attribute("Include") ?? (string?)e.Attribute("Update") ?? "")
            .ToArray();
        var projects = project.Descendants().Where(e => e.Name.LocalName == "ProjectReference").ToArray();

        Assert.All(packages, p => Assert.Matches(@"^Microsoft\.Extensions\.[A-Za-z.]*Abstractions$", p));
        Assert.Empty(projects);
    }

    private static string FindRepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "functions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"functions.sln not found above {AppContext.BaseDirectory}.");
    }
}
