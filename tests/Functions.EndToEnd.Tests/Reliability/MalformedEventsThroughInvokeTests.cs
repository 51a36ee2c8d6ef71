using System.Text.Json;
using Functions.EndToEnd.Tests.Infrastructure;
using Conveyor.Testing.Generation;
using Xunit.Abstractions;

namespace Functions.EndToEnd.Tests.Reliability;

/// <summary>
/// R4 through <c>conveyor invoke</c>: malformed variants of every function's sample events (events/*.json, mutated by the
/// same generator as the in-process suite), each run as a user runs it — the real CLI process, the real function
/// executable behind the Runtime API, moto behind it. Every run must end with exit 0 and a JSON response, or exit 1 and
/// the runtime's <c>{errorType, errorMessage}</c> naming a typed refusal (a Conveyor exception or the JSON reader's) —
/// never a crash type, a dead process or anything but JSON on stdout.
/// </summary>
public sealed class MalformedEventsThroughInvokeTests(EndToEndFixture fixture, ITestOutputHelper output) : EndToEndTest(fixture), IDisposable
{
    private const int CasesPerFunction = 4;
    private const int Seed = 20261201;
    private readonly string _directory = Directory.CreateTempSubdirectory("conveyor-r4-invoke-").FullName;

    private static readonly (string Function, string Prefix)[] Functions =
    [
        ("Api", "api-"), ("FileTrigger", "s3-"), ("StreamFanOut", "stream-"), ("TaskWorker", "sqs-"),
        ("MapItem", "map-item"), ("Finalize", "finalize"), ("ScheduleTarget", "schedule-"),
    ];

    /// <summary>Exception type names that are typed refusals: Conveyor's own, and the JSON reader's.</summary>
    private static readonly HashSet<string> ClearErrorTypes = ConveyorExceptionTypeNames();

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R4_MalformedEventsThroughConveyorInvoke_ShouldBeAnsweredOrRefusedWithATypedError()
    {
        var envFile = Path.Combine(_directory, "env.json");
        var environment = Stack.FunctionEnvironment().Where(e => e.Key.StartsWith("CONVEYOR__", StringComparison.Ordinal)).ToDictionary();
        await File.WriteAllTextAsync(envFile, JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>> { ["Parameters"] = environment }));
        var random = new Random(Seed);
        var (answered, refused, refusedByCli, crashes) = (0, 0, 0, new List<string>());
        foreach (var (function, prefix) in Functions)
        {
            var samples = Directory.GetFiles(Path.Combine(Repository.Root, "events"), prefix + "*.json").Select(File.ReadAllText).ToArray();
            Assert.NotEmpty(samples);
            for (var i = 0; i < CasesPerFunction; i++)
            {
                // The first case is not JSON at all (the CLI refuses it before the function runs: exit 2, one line on
                // stderr); the others are valid JSON of the wrong shape, which reach the function.
                var eventFile = Path.Combine(_directory, $"{function}-{i}.json");
                var payload = Mutation(samples, random, wantJson: i > 0);
                await File.WriteAllBytesAsync(eventFile, payload);
                var (code, stdout, stderr) = await ConveyorCli.RunAsync("invoke", function, "-e", eventFile, "--env-vars", envFile,
                    "--endpoint-url", Fixture.Moto.Endpoint.ToString(), "-c", Repository.Configuration, "--no-build", "--timeout", "60");
                if (i == 0)
                {
                    if (code == 2 && stdout.Trim().Length == 0 && stderr.Contains("is not valid JSON", StringComparison.Ordinal))
                    {
                        refusedByCli++;
                    }
                    else
                    {
                        crashes.Add($"{function} #{i} (not JSON): exit {code}, stdout {stdout.Trim()}, stderr {stderr.Trim()}");
                    }

                    continue;
                }

                switch (Classify(code, stdout))
                {
                    case true:
                        answered++;
                        break;
                    case false:
                        refused++;
                        break;
                    default:
                        crashes.Add($"{function} #{i}: exit {code}, stdout {stdout.Trim()}, stderr tail {stderr[Math.Max(0, stderr.Length - 300)..]}");
                        break;
                }
            }
        }

        output.WriteLine($"R4 malformed function events through conveyor invoke (seed {Seed}): {Functions.Length * CasesPerFunction} runs, {refusedByCli} not JSON refused by the CLI (exit 2), {answered} answered, {refused} refused by the function with a typed error, {crashes.Count} crashes");
        crashes.ForEach(output.WriteLine);
        Assert.Empty(crashes);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static byte[] Mutation(string[] samples, Random random, bool wantJson)
    {
        while (true)
        {
            var payload = MalformedJson.Mutate(samples[random.Next(samples.Length)], random);
            if (IsJson(payload) == wantJson)
            {
                return payload;
            }
        }
    }

    private static bool IsJson(byte[] payload)
    {
        try
        {
            using var document = JsonDocument.Parse(payload);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>True: answered (exit 0, JSON); false: refused with a typed error (exit 1); null: anything else.</summary>
    private static bool? Classify(int code, string stdout)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(stdout);
        }
        catch (JsonException)
        {
            return null;
        }

        using (document)
        {
            if (code == 0)
            {
                return true;
            }

            return code == 1
                && document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errorType", out var type)
                && document.RootElement.TryGetProperty("errorMessage", out var message)
                && !string.IsNullOrWhiteSpace(message.GetString())
                && ClearErrorTypes.Contains(type.GetString() ?? string.Empty)
                ? false
                : null;
        }
    }

    private static HashSet<string> ConveyorExceptionTypeNames()
    {
        var assemblies = new[] { typeof(Conveyor.Core.Tasks.TrackedTask), typeof(Conveyor.Functions.Api.ApiHandler), typeof(Conveyor.Lambda.Hosting.ILambdaFunctionHandler), typeof(Conveyor.Aws.Http.AwsHttpRequest) }
            .Select(t => t.Assembly);
        var names = assemblies.SelectMany(a => a.GetTypes()).Where(t => typeof(Exception).IsAssignableFrom(t)).Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        names.Add(nameof(JsonException));
        names.Add(nameof(FormatException));
        return names;
    }
}
