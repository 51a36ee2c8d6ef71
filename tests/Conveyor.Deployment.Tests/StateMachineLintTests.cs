using System.Text.RegularExpressions;

namespace Conveyor.Deployment.Tests;

public sealed partial class StateMachineLintTests
{
    public static TheoryData<string> Definitions()
    {
        var data = new TheoryData<string>();
        foreach (var file in Directory.GetFiles(RepositoryFiles.PathOf("statemachines"), "*.asl.json").Order(StringComparer.Ordinal))
        {
            data.Add(Path.GetFileName(file));
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public async Task AslValidator_WhenRunOnDefinition_ShouldAcceptIt(string file)
    {
        var validator = RepositoryFiles.PathOf("scripts", "node-tools", "node_modules", ".bin", "asl-validator");

        var (code, output) = await RepositoryFiles.RunToolAsync(
            validator, "Run scripts/ensure-test-tools.sh (it installs asl-validator with npm).", "--json-path", Path.Combine("statemachines", file));

        Assert.True(code == 0, $"asl-validator rejected {file}:\n{output}");
    }

    [Theory]
    [MemberData(nameof(Definitions))]
    public void DefinitionSubstitutions_WhenTemplateDeploysDefinition_ShouldCoverEveryPlaceholder(string file)
    {
        var definition = File.ReadAllText(RepositoryFiles.PathOf("statemachines", file));
        var template = File.ReadAllText(RepositoryFiles.PathOf("template.yaml"));
        var placeholders = Placeholder().Matches(definition).Select(m => m.Groups[1].Value).Distinct().ToList();

        Assert.Contains($"DefinitionUri: statemachines/{file}", template, StringComparison.Ordinal);
        Assert.NotEmpty(placeholders);
        Assert.All(placeholders, name => Assert.Matches($@"(?m)^\s+{name}: ", template));
    }

    [GeneratedRegex(@"\$\{(\w+)\}")]
    private static partial Regex Placeholder();
}
