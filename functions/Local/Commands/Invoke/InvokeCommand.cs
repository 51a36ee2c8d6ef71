using System.CommandLine;

namespace Local.Commands.Invoke;

/// <summary><c>conveyor invoke &lt;Function&gt; -e &lt;event.json&gt;</c>: <c>sam local invoke</c>'s contract, without containers.</summary>
internal static class InvokeCommand
{
    public static Command Create()
    {
        var function = new Argument<string>("function")
        {
            Description = $"The function to run: {string.Join(", ", FunctionCatalog.All.Select(f => f.Name))} (or its logical id, e.g. FileTriggerFunction)",
        };
        var eventFile = new Option<FileInfo>("--event", "-e") { Description = "The event JSON file (e.g. events/s3-put-profile-picture.json)", Required = true };
        var envVars = new Option<FileInfo>("--env-vars", "-n") { Description = "Environment variables in sam's format: {\"Parameters\":{...}} and/or {\"<LogicalId>\":{...}}" };
        var endpoint = new Option<string>("--endpoint-url") { Description = "Aim every AWS client at this endpoint (e.g. moto_server or LocalStack); test credentials unless AWS_ACCESS_KEY_ID is set" };
        var timeout = new Option<int?>("--timeout") { Description = "Seconds before the invocation times out (default: the function's Timeout in template.yaml)" };
        var configuration = new Option<string>("--configuration", "-c") { Description = "Build configuration", DefaultValueFactory = _ => "Release" };
        var noBuild = new Option<bool>("--no-build") { Description = "Run the existing build without checking whether it is up to date" };
        var command = new Command(
            "invoke",
            "Run one function locally on one event: builds it if needed, serves the Lambda Runtime API on loopback, prints the response JSON on stdout and the function's logs on stderr. Exit 0 = response, 1 = function error (the error JSON is printed), 2 = usage error.")
        {
            function, eventFile, envVars, endpoint, timeout, configuration, noBuild,
        };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            var seconds = parse.GetValue(timeout);
            if (seconds is <= 0 or > 900)
            {
                await Console.Error.WriteLineAsync("--timeout must be 1-900 seconds (Lambda's limit).");
                return ExitCodes.InvalidUsage;
            }

            Uri? endpointUrl = null;
            if (parse.GetValue(endpoint) is { } text
                && (!Uri.TryCreate(text, UriKind.Absolute, out endpointUrl) || (endpointUrl.Scheme != Uri.UriSchemeHttp && endpointUrl.Scheme != Uri.UriSchemeHttps)))
            {
                await Console.Error.WriteLineAsync($"--endpoint-url must be an http(s) URL, e.g. http://127.0.0.1:5000; got '{text}'.");
                return ExitCodes.InvalidUsage;
            }

            var request = new InvokeRequest(
                parse.GetValue(function)!,
                parse.GetValue(eventFile)!,
                parse.GetValue(envVars),
                endpointUrl,
                seconds is { } s ? TimeSpan.FromSeconds(s) : null,
                parse.GetValue(configuration) ?? "Release",
                parse.GetValue(noBuild));
            return await InvokeRunner.RunAsync(request, InvokeConsole.Standard, ct);
        });
        return command;
    }
}
