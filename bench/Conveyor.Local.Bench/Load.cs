using System.Globalization;

namespace Conveyor.Local.Bench;

/// <summary>The machine's load averages (1, 5, 15 minutes) as <c>/proc/loadavg</c> gives them, for the record next to each figure.</summary>
internal static class Load
{
    public static string Average()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Create(CultureInfo.InvariantCulture, $"{fields[0]} {fields[1]} {fields[2]}");
        }
        catch (IOException)
        {
            return "unknown";
        }
        catch (UnauthorizedAccessException)
        {
            return "unknown";
        }
    }
}
