using System.CommandLine;
using System.Text;
using Conveyor.App;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Conveyor.Local.Engine;
using Conveyor.Local.Engine.Buckets;
using Conveyor.Local.Engine.Http;
using Conveyor.Local.Engine.Status;
using Conveyor.Local.Notifications;
using Microsoft.Extensions.DependencyInjection;

namespace Local.Commands.Up;

/// <summary><c>conveyor up</c>: runs the embedded engine until Ctrl+C, then drains in-flight work and exits 0.</summary>
internal static class UpCommand
{
    /// <summary>Printed once everything listens; scripts and tests wait for it.</summary>
    public const string ReadyLine = "Conveyor is ready.";

    public static Command Create()
    {
        var dir = LocalOptions.Dir();
        var port = new Option<int>("--port") { Description = "HTTP port on 127.0.0.1 for the API and dashboard (0 = any free port)", DefaultValueFactory = _ => EngineOptions.DefaultPort };
        var workers = new Option<int?>("--workers") { Description = "Handler invocations in flight per event source (default: 2 × processors, at least 4)" };
        var durableInvocations = new Option<int?>("--durable-invocations") { Description = $"Durable workflow invocations in flight (default: {Conveyor.Local.Durable.DurableInvocationPump.DefaultConcurrency})" };
        var notificationFormat = new Option<string>("--notification-format") { Description = "Notification bodies to record: conveyor (default), mbc (the MBC CQRS Serverless task package's) or both" };
        var durableApi = DurableApiOption.Create();
        var verbose = new Option<bool>("--verbose") { Description = "Log every handler message, not only warnings" };
        var command = new Command("up", "Run Conveyor on this machine: drop files into <dir>/buckets/<bucket>/ and watch tasks flow") { dir, port, workers, durableInvocations, notificationFormat, durableApi, verbose };
        command.SetAction(async (ParseResult parse, CancellationToken ct) =>
        {
            // The CLI composes the application with the engine: the engine knows no file task or task type of its own.
            var options = new EngineOptions
            {
                Directory = parse.GetValue(dir)!,
                Port = parse.GetValue(port),
                Application = (services, configuration) => services.AddConveyorApp(configuration).AddConveyorWorkflows(),
            };
            if (parse.GetValue(workers) is { } w) { options = options with { Workers = w }; }
            if (parse.GetValue(durableInvocations) is { } d) { options = options with { DurableInvocations = d }; }
            try
            {
                if (parse.GetValue(notificationFormat) is { } format) { options = options with { NotificationFormat = Conveyor.Core.Notifications.NotificationFormatOptions.ParseFormat(format, "--notification-format") }; }
                options = options with { DurableApi = DurableApiOption.Parse(parse.GetValue(durableApi)) };
            }
            catch (ValidationException ex)
            {
                return LocalOptions.Fail(ExitCodes.InvalidUsage, ex.Message);
            }

            // Checked once, by the engine as it starts (a bad setting is one line and exit code 2, below).
            options = options with { ApiAuth = LocalApiAuth.FromEnvironment(Environment.GetEnvironmentVariable) };
            return await RunAsync(options, parse.GetValue(verbose), ct);
        });
        return command;
    }

    private static async Task<int> RunAsync(EngineOptions options, bool verbose, CancellationToken cancellationToken)
    {
        var live = !Console.IsOutputRedirected;
        var recent = new RecentLogProvider(20);
        using var loggerFactory = EngineLogging.Create(live, verbose, recent);
        ConveyorEngine engine;
        try
        {
            engine = await ConveyorEngine.StartAsync(options, loggerFactory, cancellationToken);
        }
        catch (ValidationException ex)
        {
            return LocalOptions.Fail(ExitCodes.InvalidUsage, ex.Message);
        }
        catch (InvalidOperationException ex)
        {
            return LocalOptions.Fail(ExitCodes.Failed, ex.Message);
        }

        await using (engine)
        {
            var header = Header(engine);
            if (live)
            {
                await LiveView.RunAsync(engine.Services.GetRequiredService<EngineStatusReader>(), recent, header + Environment.NewLine + ReadyLine, cancellationToken);
            }
            else
            {
                Console.Out.WriteLine(header);
                Console.Out.WriteLine(ReadyLine);
                Console.Out.Flush();
                engine.Services.GetRequiredService<SqliteNotifier>().Published += (_, n) => PrintNotification(n);
                try
                {
                    await Task.Delay(Timeout.Infinite, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    // Ctrl+C / SIGINT / SIGTERM: drain below.
                }
            }

            Console.Out.WriteLine("Stopping: finishing in-flight work…");
            await engine.StopAsync();
        }

        Console.Out.WriteLine("Stopped.");
        return ExitCodes.Success;
    }

    private static string Header(ConveyorEngine engine)
    {
        var layout = engine.Layout;
        var text = new StringBuilder();
        text.AppendLine($"Conveyor is running on {layout.Root} ({engine.Options.Workers} workers).");
        text.AppendLine("Drop files into:");
        var registry = engine.Services.GetRequiredService<FileTaskRegistry>();
        foreach (var bucket in engine.Services.GetRequiredService<LocalBuckets>().Watched)
        {
            var tasks = string.Join(", ", registry.Find(bucket).Select(b => b.Task.Name).Distinct(StringComparer.Ordinal));
            text.AppendLine($"  {layout.BucketFolder(bucket)}/  → file task {tasks}");
        }

        if (engine.BaseAddress is { } url)
        {
            text.AppendLine($"Dashboard: {url}   API: {url}tasks?tenant={engine.Options.Tenant}");
        }

        text.Append($"Tasks: conveyor tasks list --dir {layout.Root}   (Ctrl+C stops)");
        return text.ToString();
    }

    private static void PrintNotification(NotificationRecord n)
    {
        if (n.Action == NotificationActions.SubTaskStatus) { return; }
        var detail = n.Content.ValueKind == System.Text.Json.JsonValueKind.Object && n.Content.TryGetProperty("status", out var s) ? s.GetString()
            : n.Content.ValueKind == System.Text.Json.JsonValueKind.Object && n.Content.TryGetProperty("errorMessage", out var e) ? e.GetString()
            : string.Empty;
        Console.Out.WriteLine(DisplayText.Escape($"{n.PublishedAt.ToLocalTime():HH:mm:ss.fff} notification {n.Action} {detail} {n.Id}"));
    }
}
