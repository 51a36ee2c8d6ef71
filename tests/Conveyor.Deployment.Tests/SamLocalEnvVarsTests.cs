using System.Text.Json;

namespace Conveyor.Deployment.Tests;

/// <summary>
/// events/env.json is what README's <c>sam local invoke … --env-vars events/env.json</c> passes, and SAM CLI applies a
/// variable from it only to a function whose template declares that variable (aws/aws-sam-cli):
/// <list type="bullet">
/// <item>samcli/commands/local/lib/local_lambda.py <c>LocalLambdaRunner._make_env_vars</c>: the overrides are the file's
/// <c>Parameters</c> section (every function) updated with the section named after the function (logical id, function
/// id, FunctionName or full path); the declared variables are the function's <c>Environment.Variables</c>, after
/// SamTranslatorWrapper.run_plugins (samcli/lib/samlib/wrapper.py) merged the template's <c>Globals</c> into it.</item>
/// <item>samcli/local/lambdafn/env_vars.py <c>EnvironmentVariables.resolve</c>: the result is the AWS_* variables plus,
/// <c>for name, value in self.variables.items()</c>, the declared value replaced by the shell's and then the
/// override's — an override whose name is not declared is never read.</item>
/// </list>
/// A name here that the template does not declare would silently do nothing (e.g. an endpoint that never reaches the
/// container, so the function calls real AWS with the caller's credentials).
/// </summary>
public sealed class SamLocalEnvVarsTests
{
    [Fact]
    public async Task EnvJson_WhenSamLocalInvokeAppliesIt_ShouldNameOnlyVariablesTheTargetedFunctionsDeclare()
    {
        var declared = await DeclaredVariablesAsync();
        using var envVars = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("events", "env.json")));

        var ignored = new List<string>();
        foreach (var section in envVars.RootElement.EnumerateObject())
        {
            // "Parameters" goes to every function; any other section to the function of that logical id.
            var targets = section.Name == "Parameters" ? declared.Keys.ToList() : [section.Name];
            Assert.True(targets.All(declared.ContainsKey), $"env.json section '{section.Name}' names no function of template.yaml");
            ignored.AddRange(
                from variable in section.Value.EnumerateObject()
                from function in targets
                where !declared[function].Contains(variable.Name)
                select $"{section.Name}.{variable.Name} (not declared by {function})");
        }

        Assert.True(ignored.Count == 0, "sam local invoke would ignore:\n" + string.Join('\n', ignored));
    }

    [Fact]
    public async Task EndpointVariable_WhenDeployed_ShouldBeDeclaredEmptyForEveryFunctionAndAimedAtTheHostByEnvJson()
    {
        var functions = await FunctionsAsync();
        using var envVars = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryFiles.PathOf("events", "env.json")));

        Assert.NotEmpty(functions);
        Assert.All(functions, f => Assert.Equal("", Variables(f.Value).GetProperty("CONVEYOR__ENDPOINTURL").GetString()));
        // From inside sam's container the host (where moto_server listens) is host.docker.internal, not 127.0.0.1.
        var endpoint = new Uri(envVars.RootElement.GetProperty("Parameters").GetProperty("CONVEYOR__ENDPOINTURL").GetString()!);
        Assert.Equal("host.docker.internal", endpoint.Host);
    }

    /// <summary>Logical id → the variable names its <c>Environment.Variables</c> declares (Globals merged in).</summary>
    private static async Task<Dictionary<string, HashSet<string>>> DeclaredVariablesAsync() =>
        (await FunctionsAsync()).ToDictionary(
            f => f.Key,
            f => Variables(f.Value).EnumerateObject().Select(v => v.Name).ToHashSet(StringComparer.Ordinal),
            StringComparer.Ordinal);

    private static async Task<Dictionary<string, JsonElement>> FunctionsAsync() =>
        (await TransformedTemplate.LoadAsync()).GetProperty("Resources").EnumerateObject()
            .Where(r => r.Value.GetProperty("Type").GetString() == "AWS::Lambda::Function")
            .ToDictionary(r => r.Name, r => r.Value, StringComparer.Ordinal);

    private static JsonElement Variables(JsonElement function) =>
        function.GetProperty("Properties").TryGetProperty("Environment", out var environment)
            ? environment.GetProperty("Variables")
            : JsonDocument.Parse("{}").RootElement;
}
