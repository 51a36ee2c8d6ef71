using System.Text;
using System.Text.Json;
using Conveyor.Functions.Api;
using Conveyor.Functions.FileTrigger;
using Conveyor.Functions.Finalize;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Functions.TaskWorker;
using Conveyor.Functions.Tests.Support;
using Conveyor.Lambda.Hosting;
using Conveyor.Testing;
using Conveyor.Testing.Generation;
using Xunit.Abstractions;

namespace Conveyor.Functions.Tests.Reliability;

/// <summary>
/// R4, function events: 300 generated malformed variants (CONVEYOR_R4_CASES, CONVEYOR_R4_SEED to explore further) of each function's sample events (events/*.json), invoked
/// through the same byte-level entry point the Lambda runtime (and <c>conveyor invoke</c>) uses. Every one must be
/// answered (a response, batch item failures, an API error) or refused with a typed error the runtime reports as
/// <c>{errorType, errorMessage}</c> — a Conveyor or JSON error, never a NullReferenceException-style crash.
/// </summary>
public sealed class MalformedEventSuiteTests(ITestOutputHelper output)
{
    private static readonly int CasesPerFunction = int.TryParse(Environment.GetEnvironmentVariable("CONVEYOR_R4_CASES"), out var n) ? n : 300;
    private static readonly int Seed = int.TryParse(Environment.GetEnvironmentVariable("CONVEYOR_R4_SEED"), out var s) ? s : 20261130;

    [Fact]
    [Trait("Category", "Reliability")]
    public async Task R4_MalformedEventsForEveryFunction_ShouldBeAnsweredOrRefusedClearly()
    {
        using var harness = new FunctionsHarness();
        var functions = new (string Prefix, ILambdaFunctionHandler Handler)[]
        {
            ("api-", harness.Get<ApiHandler>()),
            ("s3-", harness.Get<FileTriggerHandler>()),
            ("stream-", harness.Get<StreamFanOutHandler>()),
            ("sqs-", harness.Get<TaskWorkerHandler>()),
            ("map-item", harness.Get<MapItemHandler>()),
            ("finalize", harness.Get<FinalizeHandler>()),
            ("schedule-", harness.Get<ScheduleTargetHandler>()),
        };
        var random = new Random(Seed);
        var (tried, answered, refused, crashes) = (0, 0, 0, new List<string>());
        foreach (var (prefix, handler) in functions)
        {
            var samples = Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "events"), prefix + "*.json").Select(File.ReadAllText).ToArray();
            Assert.NotEmpty(samples);
            for (var i = 0; i < CasesPerFunction; i++)
            {
                var payload = MalformedJson.Mutate(samples[random.Next(samples.Length)], random);
                tried++;
                try
                {
                    var response = await handler.InvokeAsync(payload, FunctionsHarness.Context(), CancellationToken.None);
                    using var document = JsonDocument.Parse(response);
                    if (handler is ApiHandler && document.RootElement.GetProperty("statusCode").GetInt32() >= 500)
                    {
                        crashes.Add($"{prefix} answered {document.RootElement}");
                        continue;
                    }

                    answered++;
                }
#pragma warning disable CA1031 // The suite classifies every failure.
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    if (IsClear(ex))
                    {
                        refused++;
                    }
                    else
                    {
                        crashes.Add($"{prefix}: {ex.GetType().Name}: {ex.Message} AT {ex.StackTrace?.Split(Environment.NewLine)[0]} for {Encoding.UTF8.GetString(payload)[..Math.Min(200, payload.Length)]}");
                    }
                }
            }
        }

        output.WriteLine($"R4 malformed function events (seed {Seed}): {tried} tried, {answered} answered, {refused} refused with a typed error, {crashes.Count} crashes");
        Assert.True(crashes.Count == 0, string.Join('\n', crashes));
        Assert.Equal(CasesPerFunction * functions.Length, tried);
    }

    /// <summary>A typed, explained refusal: one of Conveyor's exceptions, or the JSON reader's (wrapped as InvalidEventException by the host).</summary>
    private static bool IsClear(Exception exception) =>
        exception.GetType().Namespace?.StartsWith("Conveyor", StringComparison.Ordinal) == true
        || exception is JsonException or FormatException;
}
