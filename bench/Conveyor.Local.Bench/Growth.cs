using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Conveyor.Local.Bench;

/// <summary>
/// <c>growth=1000,10000,100000</c>: the CSV scenario once per row count, each in a fresh process of this bench (so each
/// peak working set is that import's own), then a table of time, rows/s, time per row and peak memory.
/// </summary>
internal static partial class Growth
{
    public static async Task<int> RunAsync(string counts, IReadOnlyList<string> passThrough)
    {
        var rows = counts.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => int.Parse(c, CultureInfo.InvariantCulture)).ToList();
        var results = new List<(int Rows, double Seconds, double PeakMiB, string Load)>();
        foreach (var count in rows)
        {
            var start = new ProcessStartInfo(Environment.ProcessPath!) { RedirectStandardOutput = true, UseShellExecute = false };
            if (!Environment.ProcessPath!.EndsWith("Conveyor.Local.Bench", StringComparison.Ordinal))
            {
                start.ArgumentList.Add(typeof(Growth).Assembly.Location); // `dotnet Conveyor.Local.Bench.dll`
            }

            foreach (var arg in passThrough.Where(a => !a.StartsWith("rows=", StringComparison.Ordinal) && !a.StartsWith("only=", StringComparison.Ordinal)))
            {
                start.ArgumentList.Add(arg);
            }

            start.ArgumentList.Add("only=csv");
            start.ArgumentList.Add(string.Create(CultureInfo.InvariantCulture, $"rows={count}"));
            using var child = Process.Start(start) ?? throw new InvalidOperationException("Could not start the bench process.");
            var output = await child.StandardOutput.ReadToEndAsync();
            await child.WaitForExitAsync();
            Console.Write(output);
            if (child.ExitCode != 0) { return child.ExitCode; }
            var seconds = double.Parse(Seconds().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var peak = double.Parse(Peak().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            results.Add((count, seconds, peak, Load.Average()));
        }

        Console.WriteLine();
        Console.WriteLine("| rows | drop → final status | rows/s | µs per row | peak memory | load after |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        foreach (var (count, seconds, peak, load) in results)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"| {count:N0} | {seconds:F2} s | {count / seconds:F0} | {seconds * 1e6 / count:F0} | {peak:F0} MiB | {load} |"));
        }

        return 0;
    }

    [GeneratedRegex(@"-row CSV dropped → \w+: ([0-9.]+) s")]
    private static partial Regex Seconds();

    [GeneratedRegex(@"peak memory: ([0-9.]+) MiB")]
    private static partial Regex Peak();
}
