using System.Globalization;
using Conveyor.Lambda.Bootstrap;

namespace Conveyor.Lambda.Hosting;

/// <summary>
/// The GC heap cap derived from <c>AWS_LAMBDA_FUNCTION_MEMORY_SIZE</c>. The runtime reads
/// <c>DOTNET_GCHeapHardLimit</c> (hex bytes) only when the process starts, so the host cannot set it for itself: the
/// deployment (template <c>Environment</c>, or the local CLI when it starts a function) sets it from
/// <see cref="RecommendedHexValue"/>, and the host logs a warning at start-up when it is missing.
/// </summary>
public static class GcHeapLimit
{
    /// <summary>Share of the function's memory given to the managed heap; the rest is native memory, stacks and code.</summary>
    public const double HeapShare = 0.75;

    public static long? RecommendedBytes(int memoryMb) =>
        memoryMb <= 0 ? null : (long)(memoryMb * 1024L * 1024L * HeapShare);

    /// <summary>The value for <c>DOTNET_GCHeapHardLimit</c>, e.g. <c>0x6000000</c> for 128 MB.</summary>
    public static string? RecommendedHexValue(int memoryMb) =>
        RecommendedBytes(memoryMb) is { } bytes ? "0x" + bytes.ToString("X", CultureInfo.InvariantCulture) : null;

    /// <summary>
    /// Null when the cap is fine; otherwise why not (shown as a start-up warning): memory known but
    /// <c>DOTNET_GCHeapHardLimit</c> unset or not a hexadecimal number.
    /// </summary>
    public static string? Check(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var memoryText = environment.Get(LambdaEnvironmentVariables.FunctionMemorySize);
        if (!int.TryParse(memoryText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var memoryMb) || memoryMb <= 0)
        {
            return null;
        }

        var configured = environment.Get(LambdaEnvironmentVariables.GcHeapHardLimit);
        var recommended = RecommendedHexValue(memoryMb);
        if (string.IsNullOrWhiteSpace(configured))
        {
            return $"{LambdaEnvironmentVariables.GcHeapHardLimit} is not set; set it to {recommended} for {memoryMb} MB in the deployment.";
        }

        var digits = configured.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? configured[2..] : configured;
        return long.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out _)
            ? null
            : $"{LambdaEnvironmentVariables.GcHeapHardLimit}='{configured}' is not hexadecimal; expected e.g. {recommended}.";
    }
}
