using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace Conveyor.Deployment.Tests;

public sealed partial class TemplateTests
{
    private static readonly string Template = File.ReadAllText(RepositoryFiles.PathOf("template.yaml"));

    [Fact]
    public async Task CfnLint_WhenRunOnTemplate_ShouldReportNothing()
    {
        var cfnLint = RepositoryFiles.FindOnPath("cfn-lint") ?? "cfn-lint";

        var (code, output) = await RepositoryFiles.RunToolAsync(
            cfnLint, "Run scripts/ensure-test-tools.sh (it installs cfn-lint with pip where PyPI is reachable).", "template.yaml");

        Assert.True(code == 0, $"cfn-lint found problems in template.yaml:\n{output}");
    }

    [Fact]
    public void Functions_WhenTemplateDeclaresThem_ShouldEachBeAnExecutableNamedAfterItsFolder()
    {
        // The Makefile publishes functions/<Name>/<Name>.csproj and renames the executable <Name> to bootstrap.
        var folders = FunctionDeclaration().Matches(Template).Select(m => m.Groups[1].Value).ToList();

        Assert.NotEmpty(folders);
        Assert.All(folders, folder =>
        {
            var project = RepositoryFiles.PathOf("functions", folder, folder + ".csproj");
            Assert.True(File.Exists(project), $"{project} is missing");
            Assert.True(File.Exists(RepositoryFiles.PathOf("functions", folder, "Program.cs")), $"functions/{folder}/Program.cs is missing");
            var assembly = XDocument.Load(project).Descendants("AssemblyName").Select(e => e.Value).FirstOrDefault() ?? folder;
            Assert.Equal(folder, assembly);
        });
    }

    [Fact]
    public void Events_WhenFunctionFolderExists_ShouldHaveSampleEventsForEveryFunction()
    {
        var events = Directory.GetFiles(RepositoryFiles.PathOf("events"), "*.json").Select(Path.GetFileName).ToList();

        foreach (var prefix in new[] { "s3-put", "s3-delete", "sqs-", "stream-insert", "map-item", "finalize", "schedule-", "api-" })
        {
            Assert.Contains(events, e => e!.StartsWith(prefix, StringComparison.Ordinal));
        }
    }

    [GeneratedRegex(@"CodeUri: functions/(\w+)/")]
    private static partial Regex FunctionDeclaration();
}
