using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Local.Commands.Up;

/// <summary>
/// Where engine logs go: plain single-line console logs when the output is redirected (engine events at Information,
/// handler chatter only from Warning unless --verbose), or an in-memory tail for the live view in a terminal.
/// </summary>
internal static class EngineLogging
{
    public static ILoggerFactory Create(bool live, bool verbose, RecentLogProvider recent) =>
        LoggerFactory.Create(builder =>
        {
            builder.SetMinimumLevel(verbose ? LogLevel.Information : LogLevel.Warning);
            builder.AddFilter("Conveyor.Local.Engine", LogLevel.Information);
            if (live)
            {
                builder.AddProvider(recent);
            }
            else
            {
                builder.AddSimpleConsole(options =>
                {
                    options.SingleLine = true;
                    options.TimestampFormat = "HH:mm:ss.fff ";
                    options.ColorBehavior = LoggerColorBehavior.Disabled;
                });
            }
        });
}
