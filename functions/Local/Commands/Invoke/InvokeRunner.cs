using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Conveyor.Lambda.Emulator;

namespace Local.Commands.Invoke;

/// <summary>
/// <c>sam local invoke</c> without containers: builds (or reuses) the function, serves a Runtime API on loopback, runs
/// the executable against it with the template's configuration, feeds one event and reports what the function answered.
/// The response JSON goes to <see cref="InvokeConsole.Out"/>, the function's logs and progress to <see cref="InvokeConsole.Error"/>.
/// </summary>
internal static class InvokeRunner
{
    private const string TestAccessKey = "testing";

    public static async Task<int> RunAsync(InvokeRequest request, InvokeConsole console, CancellationToken cancellationToken)
    {
        var function = FunctionCatalog.Find(request.Function);
        if (function is null)
        {
            return await UsageAsync(console, $"Unknown function '{request.Function}'. Known: {string.Join(", ", FunctionCatalog.All.Select(f => f.Name))}.");
        }

        if (!request.Event.Exists)
        {
            return await UsageAsync(console, $"The event file '{request.Event.FullName}' does not exist.");
        }

        if (request.EnvVars is { Exists: false } missingEnv)
        {
            return await UsageAsync(console, $"The env-vars file '{missingEnv.FullName}' does not exist.");
        }

        if (RepositoryRoot.Find() is not { } root)
        {
            return await UsageAsync(console, $"No {RepositoryRoot.SolutionFile} above the current directory or the CLI: run conveyor inside the repository.");
        }

        var eventJson = await File.ReadAllTextAsync(request.Event.FullName, cancellationToken);
        if (!IsJson(eventJson))
        {
            return await UsageAsync(console, $"The event file '{request.Event.FullName}' is not valid JSON.");
        }

        Dictionary<string, string> environment;
        try
        {
            environment = await EnvironmentAsync(root, function, request, cancellationToken);
        }
        catch (FormatException ex)
        {
            return await UsageAsync(console, ex.Message);
        }

        var executable = await new FunctionExecutable(root, function, request.Configuration).EnsureAsync(request.NoBuild, console.Error, cancellationToken);
        if (executable is null)
        {
            await console.Error.WriteLineAsync(request.NoBuild
                ? $"No build of {function.Name} found; run without --no-build."
                : $"Building {function.Name} failed.");
            return ExitCodes.Failed;
        }

        var timeout = request.Timeout ?? function.Timeout;
        var stage = environment.GetValueOrDefault("CONVEYOR__STAGE", "dev");
        return await InvokeAsync(executable, function.DeployedName(stage), function.MemoryMb, environment, eventJson, timeout, console, cancellationToken);
    }

    private static async Task<int> InvokeAsync(
        string executable, string functionName, int memoryMb, Dictionary<string, string> environment, string eventJson, TimeSpan timeout,
        InvokeConsole console, CancellationToken cancellationToken)
    {
        await using var emulator = RuntimeApiEmulator.Start();
        var start = FunctionProcess.CreateStartInfo(executable, emulator.RuntimeApi, functionName, memoryMb, environment);
        using var process = new Process { StartInfo = start };
        // Lambda ships a function's stdout and stderr to its logs; here both are logs, so both go to our stderr.
        process.OutputDataReceived += (_, e) => console.WriteLog(e.Data);
        process.ErrorDataReceived += (_, e) => console.WriteLog(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            var invocation = new EmulatorInvocation
            {
                EventJson = eventJson,
                Timeout = timeout,
                InvokedFunctionArn = $"arn:aws:lambda:{environment.GetValueOrDefault("AWS_REGION", "us-east-1")}:123456789012:function:{functionName}",
            };
            var answered = emulator.Enqueue(invocation);
            var exited = process.WaitForExitAsync(cancellationToken);
            // The function's deadline token fires before the deadline; the grace covers process start and the post.
            var timedOut = Task.Delay(timeout + TimeSpan.FromSeconds(5), cancellationToken);
            var first = await Task.WhenAny(answered, exited, timedOut);
            if (first == answered)
            {
                var outcome = await answered;
                await StopAsync(process);
                await console.Out.WriteLineAsync(outcome.Body.Trim());
                return outcome.IsError ? ExitCodes.Failed : ExitCodes.Success;
            }

            await StopAsync(process);
            var error = first == exited
                ? Error("Runtime.ExitError", string.Create(CultureInfo.InvariantCulture, $"The function exited with code {process.ExitCode} before answering the event."))
                : Error("Sandbox.Timedout", string.Create(CultureInfo.InvariantCulture, $"Task timed out after {timeout.TotalSeconds:F2} seconds"));
            await console.Out.WriteLineAsync(error);
            return ExitCodes.Failed;
        }
        finally
        {
            await StopAsync(process);
        }
    }

    private static async Task<Dictionary<string, string>> EnvironmentAsync(
        DirectoryInfo root, FunctionDefinition function, InvokeRequest request, CancellationToken cancellationToken)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        var template = Path.Combine(root.FullName, "template.yaml");
        if (File.Exists(template))
        {
            foreach (var (name, value) in TemplateEnvironment.ReadGlobals(await File.ReadAllTextAsync(template, cancellationToken)))
            {
                environment[name] = value;
            }
        }

        if (request.EnvVars is not null)
        {
            foreach (var (name, value) in EnvVarsFile.Read(await File.ReadAllTextAsync(request.EnvVars.FullName, cancellationToken), function))
            {
                environment[name] = value;
            }
        }

        environment["AWS_REGION"] = environment.GetValueOrDefault("AWS_REGION")
            ?? Environment.GetEnvironmentVariable("AWS_REGION") ?? Environment.GetEnvironmentVariable("AWS_DEFAULT_REGION") ?? "us-east-1";
        if (request.EndpointUrl is { } endpoint)
        {
            environment["AWS_ENDPOINT_URL"] = endpoint.ToString();
            environment["CONVEYOR__ENDPOINTURL"] = endpoint.ToString();
            // Emulators accept any credentials; keep the caller's if it has some, so a real account is never implied.
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("AWS_ACCESS_KEY_ID")) && !environment.ContainsKey("AWS_ACCESS_KEY_ID"))
            {
                environment["AWS_ACCESS_KEY_ID"] = TestAccessKey;
                environment["AWS_SECRET_ACCESS_KEY"] = TestAccessKey;
            }
        }

        return environment;
    }

    private static async Task StopAsync(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            // Waiting without a timeout also drains the redirected output, so no log line is lost.
            await process.WaitForExitAsync(CancellationToken.None);
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
    }

    private static bool IsJson(string text)
    {
        try
        {
            _ = JsonNode.Parse(text);
            return true;
        }
        catch (System.Text.Json.JsonException)
        {
            return false;
        }
    }

    private static string Error(string type, string message) =>
        new JsonObject { ["errorType"] = type, ["errorMessage"] = message }.ToJsonString();

    private static async Task<int> UsageAsync(InvokeConsole console, string message)
    {
        await console.Error.WriteLineAsync(message);
        return ExitCodes.InvalidUsage;
    }
}
