using System.Text.Json;

namespace Conveyor.Deployment.Tests;

/// <summary>
/// template.yaml after the SAM transform (scripts/sam-transform.py runs aws-sam-translator, which cfn-lint installs):
/// the roles, policies and permissions CloudFormation really receives. Produced once per test run.
/// </summary>
internal static class TransformedTemplate
{
    private static readonly Lazy<Task<string>> Path = new(TransformAsync);

    /// <summary>The transformed template's file (a temporary JSON file).</summary>
    public static Task<string> FileAsync() => Path.Value;

    public static async Task<JsonElement> LoadAsync()
    {
        using var document = JsonDocument.Parse(await File.ReadAllTextAsync(await FileAsync()));
        return document.RootElement.Clone();
    }

    private static async Task<string> TransformAsync()
    {
        var python = RepositoryFiles.FindOnPath("python3") ?? "/usr/bin/python3";
        var (code, json, errors) = await RepositoryFiles.RunToolSeparatelyAsync(
            python, "Install Python 3 and cfn-lint (python3 -m pip install cfn-lint; it brings aws-sam-translator).",
            RepositoryFiles.PathOf("scripts", "sam-transform.py"), "template.yaml");
        Assert.True(code == 0, $"The SAM transform failed:\n{errors}");
        var file = System.IO.Path.Combine(System.IO.Path.GetTempPath(), $"conveyor-transformed-{Environment.ProcessId}.json");
        await File.WriteAllTextAsync(file, json);
        return file;
    }
}
