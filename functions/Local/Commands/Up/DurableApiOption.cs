using System.CommandLine;
using Conveyor.Aws.Lambda;
using Conveyor.Aws.Signing;
using Conveyor.Core.Validation;
using Conveyor.Durable.Protocol;

namespace Local.Commands.Up;

/// <summary>
/// <c>conveyor up --durable-api in-process|http</c>: how durable workflows reach their service. <c>in-process</c> (the
/// default, the fastest) calls the engine's SQLite service directly; <c>http</c> has the engine serve Lambda's
/// <c>CheckpointDurableExecution</c> and <c>GetDurableExecutionState</c> on its loopback port and the workflows call
/// them through <see cref="LambdaDurableExecutionClient"/> — the SigV4 client the functions use on AWS, with its retries.
/// </summary>
internal static class DurableApiOption
{
    public const string InProcess = "in-process";
    public const string Http = "http";

    /// <summary>The engine takes any signature on loopback; these only make the requests well-formed SigV4.</summary>
    private static readonly AwsCredentials LocalCredentials = new("conveyor-local", "conveyor-local");

    public static Option<string> Create() => new("--durable-api")
    {
        Description = "How workflows reach the durable execution service: in-process (default) or http (Lambda's checkpoint API served on --port and called through the AWS client, as on Lambda)",
    };

    /// <summary>The engine's <c>DurableApi</c> for <paramref name="value"/>.</summary>
    /// <exception cref="ValidationException">Neither value.</exception>
    public static Func<Uri, IDurableServiceClient>? Parse(string? value) => value switch
    {
        null or InProcess => null,
        Http => Loopback,
        _ => throw new ValidationException($"--durable-api must be {InProcess} or {Http}; got '{value}'.", nameof(value)),
    };

    private static LambdaDurableExecutionClient Loopback(Uri engineAddress) =>
        LambdaDurableExecutionClient.ForEndpoint(engineAddress, LocalCredentials, TimeProvider.System);
}
