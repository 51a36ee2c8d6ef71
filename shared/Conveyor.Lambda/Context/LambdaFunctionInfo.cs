using System.Globalization;
using Conveyor.Lambda.Bootstrap;

namespace Conveyor.Lambda.Context;

/// <summary>The function-level facts Lambda puts in the environment; the same for every invocation.</summary>
public sealed record LambdaFunctionInfo
{
    public string FunctionName { get; init; } = "local";

    public string FunctionVersion { get; init; } = "$LATEST";

    public int MemoryLimitInMb { get; init; }

    public string? LogGroupName { get; init; }

    public string? LogStreamName { get; init; }

    public static LambdaFunctionInfo FromEnvironment(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var memory = environment.Get(LambdaEnvironmentVariables.FunctionMemorySize);
        return new LambdaFunctionInfo
        {
            FunctionName = environment.Get(LambdaEnvironmentVariables.FunctionName) ?? "local",
            FunctionVersion = environment.Get(LambdaEnvironmentVariables.FunctionVersion) ?? "$LATEST",
            MemoryLimitInMb = int.TryParse(memory, NumberStyles.Integer, CultureInfo.InvariantCulture, out var mb) ? mb : 0,
            LogGroupName = environment.Get(LambdaEnvironmentVariables.LogGroupName),
            LogStreamName = environment.Get(LambdaEnvironmentVariables.LogStreamName),
        };
    }
}
