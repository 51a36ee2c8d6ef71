using System.Text.Json;
using Conveyor.App;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace Conveyor.Deployment.Tests.Iam;

/// <summary>
/// The functions' roles in the transformed template against the evidence: every permission the end-to-end suite saw a
/// function use (tests/Functions.EndToEnd.Tests/Iam/iam-evidence.json, recorded on the wire between the functions and
/// moto) must be granted, and every grant must be either used, a listed exception with its reason (iam-exceptions.json
/// beside this file) or, for FileTrigger's file-task buckets, what the file-task registry declares.
/// </summary>
public sealed class LeastPrivilegeTests
{
    private static readonly Dictionary<string, string> Roles = new(StringComparer.Ordinal)
    {
        ["FileTrigger"] = "FileTriggerFunctionRole",
        ["StreamFanOut"] = "StreamFanOutFunctionRole",
        ["TaskWorker"] = "TaskWorkerFunctionRole",
        ["MapItem"] = "MapItemFunctionRole",
        ["Finalize"] = "FinalizeFunctionRole",
        ["ScheduleTarget"] = "ScheduleTargetFunctionRole",
        ["Api"] = "ApiFunctionRole",
        ["DocumentReview"] = "DocumentReviewFunctionRole",
    };

    public static TheoryData<string> Functions() => [.. Roles.Keys];

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Role_WhenFunctionRunsItsTasks_ShouldGrantEveryPermissionItWasSeenUsing(string function)
    {
        var granted = await GrantedAsync(function);

        var missing = Evidence(function).Where(p => !granted.Contains(p)).ToList();

        Assert.True(missing.Count == 0, $"{Roles[function]} does not grant what {function} uses:\n{string.Join('\n', missing)}");
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Role_WhenComparedWithTheEvidence_ShouldGrantNothingUnusedUnlessListedWithAReason(string function)
    {
        var justified = Evidence(function)
            .Concat(Exceptions(function).Keys)
            .Concat(function == "FileTrigger" ? RegistryGrants() : [])
            .ToHashSet(StringComparer.Ordinal);

        var unjustified = (await GrantedAsync(function)).Where(p => !justified.Contains(p)).Order(StringComparer.Ordinal).ToList();

        Assert.True(unjustified.Count == 0, $"{Roles[function]} grants what {function} was never seen using and no exception explains:\n{string.Join('\n', unjustified)}");
        Assert.All(Exceptions(function), e => Assert.False(string.IsNullOrWhiteSpace(e.Value), $"exception {e.Key} has no reason"));
    }

    [Fact]
    public async Task FileTrigger_WhenFileTasksDeclareTheirBuckets_ShouldBeGrantedExactlyTheDeclaredAccessOnTheirObjects()
    {
        var bucketObjects = RegistryGrants().Select(p => p[(p.IndexOf(' ', StringComparison.Ordinal) + 1)..]).ToHashSet(StringComparer.Ordinal);

        var granted = (await GrantedAsync("FileTrigger")).Where(p => bucketObjects.Contains(p[(p.IndexOf(' ', StringComparison.Ordinal) + 1)..]));

        Assert.Equal(RegistryGrants().Order(StringComparer.Ordinal), granted.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Functions))]
    public async Task Role_WhenDeployed_ShouldAttachOnlyTheManagedPoliciesItsEventSourcesNeed(string function)
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        // A function with DurableConfig gets AWSLambdaBasicDurableExecutionRolePolicy instead of AWSLambdaBasicExecutionRole
        // (aws-sam-translator samtranslator/model/sam_resources.py, _construct_role): the logs permissions plus
        // lambda:CheckpointDurableExecution and GetDurableExecutionState on "*" — broader than the inline grant on the
        // function's own executions, which only an explicit Role would avoid.
        var expected = new List<string> { function == "DocumentReview" ? "AWSLambdaBasicDurableExecutionRolePolicy" : "AWSLambdaBasicExecutionRole", "AWSXrayWriteOnlyAccess" };
        if (function == "TaskWorker")
        {
            expected.Add("AWSLambdaSQSQueueExecutionRole"); // the SQS event source's poller receives and deletes with the role
        }

        if (function == "StreamFanOut")
        {
            expected.Add("AWSLambdaDynamoDBExecutionRole"); // the stream event source's poller reads the stream with the role
        }

        var attached = resources.GetProperty(Roles[function]).GetProperty("Properties").GetProperty("ManagedPolicyArns").EnumerateArray()
            .Select(a => Values().Resolve(a)).Select(a => a[(a.LastIndexOf('/') + 1)..]);

        Assert.Equal(expected.Order(StringComparer.Ordinal), attached.Order(StringComparer.Ordinal));
    }

    /// <summary>FileTrigger's object permissions the file tasks declare: Read s3:GetObject, Write s3:PutObject, ReadWrite both.</summary>
    private static List<string> RegistryGrants()
    {
        var environment = Environment();
        var buckets = environment.Where(v => v.Key.StartsWith("CONVEYOR__BUCKETS__", StringComparison.Ordinal))
            .ToDictionary(v => v.Key["CONVEYOR__BUCKETS__".Length..], v => v.Value, StringComparer.OrdinalIgnoreCase);
        // The tasks' setup declares buckets only; the store some tasks use later is not touched.
        using var services = new ServiceCollection().AddLogging().AddSingleton<IObjectStore, InMemoryObjectStore>().AddConveyorApp().BuildServiceProvider();
        var context = new FileTaskContext("conveyor", TimeProvider.System, new BucketNameResolver(buckets));
        var registry = new FileTaskRegistry(services.GetServices<IFileTask>(), context);
        return [.. registry.All.SelectMany(binding => (binding.Bucket.Mode switch
        {
            BucketMode.Read => ["s3:GetObject"],
            BucketMode.Write => ["s3:PutObject"],
            _ => new[] { "s3:GetObject", "s3:PutObject" },
        }).Select(action => $"{action} arn:aws:s3:::{binding.PhysicalName}/*"))];
    }

    /// <summary>Every (action, resource) pair the role's inline policies allow, resolved (<c>"action resource"</c>).</summary>
    private static async Task<HashSet<string>> GrantedAsync(string function)
    {
        var resources = (await TransformedTemplate.LoadAsync()).GetProperty("Resources");
        var values = Values();
        var granted = new HashSet<string>(StringComparer.Ordinal);
        foreach (var policy in resources.GetProperty(Roles[function]).GetProperty("Properties").GetProperty("Policies").EnumerateArray())
        {
            foreach (var statement in policy.GetProperty("PolicyDocument").GetProperty("Statement").EnumerateArray())
            {
                Assert.Equal("Allow", statement.GetProperty("Effect").GetString());
                foreach (var action in OneOrMany(statement.GetProperty("Action")))
                {
                    foreach (var resource in OneOrMany(statement.GetProperty("Resource")))
                    {
                        granted.Add($"{values.Resolve(action)} {values.Resolve(resource)}");
                    }
                }
            }
        }

        return granted;
    }

    private static TemplateValues Values() => new(TransformedTemplate.LoadAsync().GetAwaiter().GetResult(), Environment());

    private static List<string> Evidence(string function)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("tests", "Functions.EndToEnd.Tests", "Iam", "iam-evidence.json")));
        return document.RootElement.TryGetProperty(function, out var used) ? [.. used.EnumerateArray().Select(p => p.GetString()!)] : [];
    }

    private static Dictionary<string, string> Exceptions(string function)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("tests", "Conveyor.Deployment.Tests", "Iam", "iam-exceptions.json")));
        return document.RootElement.TryGetProperty(function, out var listed)
            ? listed.EnumerateObject().ToDictionary(e => e.Name, e => e.Value.GetString()!, StringComparer.Ordinal)
            : [];
    }

    private static Dictionary<string, string> Environment()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryFiles.PathOf("events", "env.json")));
        return document.RootElement.GetProperty("Parameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal);
    }

    private static List<JsonElement> OneOrMany(JsonElement value) =>
        value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [value];
}
