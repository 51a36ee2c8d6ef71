using System.Globalization;
using Conveyor.Core.Validation;
using Conveyor.Local.Engine.Status;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Local.Commands.Up;

/// <summary>The terminal view of <c>conveyor up</c>: tasks per status, a progress bar per running step-function task, recent notifications and log lines.</summary>
internal static class LiveView
{
    private static readonly TimeSpan Refresh = TimeSpan.FromMilliseconds(500);
    private static readonly string[] Order = ["CREATED", "QUEUED", "STARTED", "PROCESSING", "ERRORED", "COMPLETED", "FINISHED", "FAILED"];

    public static async Task RunAsync(EngineStatusReader reader, RecentLogProvider logs, string header, CancellationToken cancellationToken)
    {
        await AnsiConsole.Live(new Markup(Markup.Escape(header))).AutoClear(false).StartAsync(async context =>
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    context.UpdateTarget(Render(await reader.ReadAsync(cancellationToken), logs.Lines, header));
                    context.Refresh();
                    await Task.Delay(Refresh, cancellationToken);
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    return;
                }
            }
        });
    }

    private static Rows Render(EngineStatus status, IReadOnlyList<string> logs, string header)
    {
        var counts = new Table().Border(TableBorder.Rounded).AddColumn("Status").AddColumn("Tasks").AddColumn("Step-function tasks");
        foreach (var name in Order)
        {
            var tasks = status.Tasks.GetValueOrDefault(name);
            var sfn = status.StepFunctionTasks.GetValueOrDefault(name);
            if (tasks + sfn > 0)
            {
                counts.AddRow(Markup.Escape(name), tasks.ToString(CultureInfo.InvariantCulture), sfn.ToString(CultureInfo.InvariantCulture));
            }
        }

        var parts = new List<IRenderable> { new Markup(Markup.Escape(header)), counts };
        if (status.Running.Count > 0)
        {
            parts.Add(new Markup("[bold]Running step-function tasks[/]"));
            foreach (var p in status.Running)
            {
                parts.Add(new Markup($"{Bar(p)} {p.Ended}/{p.Total}{(p.Failed > 0 ? $" [red]({p.Failed} failed)[/]" : string.Empty)}  {Markup.Escape(DisplayText.Escape(p.Name))}"));
            }
        }

        if (status.Recent.Count > 0)
        {
            parts.Add(new Markup("[bold]Recent notifications[/]"));
            foreach (var n in status.Recent.TakeLast(6))
            {
                var detail = n.Content.ValueKind == System.Text.Json.JsonValueKind.Object && n.Content.TryGetProperty("status", out var s) ? s.GetString() : n.Action;
                parts.Add(new Markup(Markup.Escape(DisplayText.Escape($"{n.PublishedAt.ToLocalTime():HH:mm:ss} {n.Action,-15} {detail,-10} {n.Id}"))));
            }
        }

        if (logs.Count > 0)
        {
            parts.Add(new Markup("[bold]Log[/]"));
            parts.AddRange(logs.TakeLast(6).Select(l => new Markup("[grey]" + Markup.Escape(DisplayText.Escape(l)) + "[/]")));
        }

        return new Rows(parts);
    }

    private static string Bar(WorkflowProgress p)
    {
        const int Width = 30;
        var ok = p.Total == 0 ? 0 : p.Completed * Width / p.Total;
        var bad = p.Total == 0 ? 0 : p.Failed * Width / p.Total;
        return $"[green]{new string('█', ok)}[/][red]{new string('█', bad)}[/][grey]{new string('░', Math.Max(0, Width - ok - bad))}[/]";
    }
}
