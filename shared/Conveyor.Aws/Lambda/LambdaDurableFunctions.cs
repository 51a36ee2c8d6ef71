using Conveyor.Core.Validation;
using Microsoft.Extensions.Configuration;

namespace Conveyor.Aws.Lambda;

/// <summary>
/// The deployed durable functions behind the application's workflows, from <c>Conveyor:DurableFunctions</c>
/// (<c>CONVEYOR__DURABLEFUNCTIONS__&lt;NAME&gt;</c>): the function name a workflow registration names (e.g.
/// <c>DocumentReview</c>) → the qualified ARN executions start on (<c>arn:aws:lambda:…:function:conveyor-dev-document-review:live</c>;
/// durable invocations need a version or alias). Empty: no durable execution service on AWS.
/// </summary>
public sealed record LambdaDurableFunctions : IValidatedOptions<LambdaDurableFunctions>
{
    public const string SectionName = "Conveyor:DurableFunctions";

    /// <summary>Registration function name (case-insensitive) → qualified function ARN.</summary>
    public IReadOnlyDictionary<string, string> Functions { get; init; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>Reads the section; <see cref="Validate"/> checks the ARNs (once, when the host starts).</summary>
    public static LambdaDurableFunctions FromConfiguration(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var functions = configuration.GetSection(SectionName).GetChildren()
            .Where(child => !string.IsNullOrWhiteSpace(child.Value))
            .ToDictionary(child => child.Key, child => child.Value!.Trim(), StringComparer.OrdinalIgnoreCase);
        return new LambdaDurableFunctions { Functions = functions };
    }

    /// <exception cref="ValidationException">An ARN is not a qualified durable function ARN; the message names its variable.</exception>
    public LambdaDurableFunctions Validate()
    {
        foreach (var (name, arn) in Functions)
        {
            _ = Qualifier(arn) ?? throw new ValidationException(
                $"CONVEYOR__DURABLEFUNCTIONS__{name.ToUpperInvariant()} must be the qualified ARN of a durable function (arn:aws:lambda:<region>:<account>:function:<name>:<alias or version>); got '{arn}'.",
                nameof(Functions));
        }

        return this;
    }

    /// <summary>The qualified ARN that runs <paramref name="functionName"/>'s executions.</summary>
    /// <exception cref="ValidationException">No durable function is configured under that name.</exception>
    public string QualifiedArnOf(string functionName) =>
        Functions.TryGetValue(functionName, out var arn)
            ? arn
            : throw new ValidationException($"No durable function '{functionName}' is configured (CONVEYOR__DURABLEFUNCTIONS__{functionName.ToUpperInvariant()}); configured: {string.Join(", ", Functions.Keys)}.", nameof(functionName));

    /// <summary>The ARN without its qualifier: what <c>ListDurableExecutionsByFunction</c> lists (every version's executions).</summary>
    public static string UnqualifiedArnOf(string qualifiedArn)
    {
        ArgumentNullException.ThrowIfNull(qualifiedArn);
        return Qualifier(qualifiedArn) is { } qualifier ? qualifiedArn[..^(qualifier.Length + 1)] : qualifiedArn;
    }

    /// <summary>The alias or version of <c>arn:partition:lambda:region:account:function:name:qualifier</c>; null when it has none.</summary>
    private static string? Qualifier(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length == 8 && parts[0] == "arn" && parts[2] == "lambda" && parts[5] == "function" && parts[6].Length > 0 && parts[7].Length > 0 ? parts[7] : null;
    }
}
