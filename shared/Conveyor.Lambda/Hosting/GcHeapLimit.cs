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
    /// Null when the cap is fine; otherwise why not (shown as a start-up warning): memory known but neither
    /// <c>DOTNET_GCHeapHardLimit</c> (hex bytes) nor <c>DOTNET_GCHeapHardLimitPercent</c> (hex percent, 1-100; what
    /// template.yaml sets, as it follows each function's MemorySize) set to a valid hexadecimal value.
    /// </summary>
    public static string? Check(IEnvironmentVariables environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var memoryText = environment.Get(LambdaEnvironmentVariables.FunctionMemorySize);
        if (!int.TryParse(memoryText, NumberStyles.Integer, CultureInfo.InvariantCulture, out var memoryMb) || memoryMb <= 0)
        {
            return null;
        }

        // The runtime prefers the byte limit when both are set.
        var recommended = RecommendedHexValue(memoryMb);
        var configured = environment.Get(LambdaEnvironmentVariables.GcHeapHardLimit);
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return ParseHex(configured) is not null
                ? null
                : $"{LambdaEnvironmentVariables.GcHeapHardLimit}='{configured}' is not hexadecimal; expected e.g. {recommended}.";
        }

        var percent = environment.Get(LambdaEnvironmentVariables.GcHeapHardLimitPercent);
        if (!string.IsNullOrWhiteSpace(percent))
        {
            return ParseHex(percent) is >= 1 and <= 100
                ? null
                : $"{LambdaEnvironmentVariables.GcHeapHardLimitPercent}='{percent}' is not a hexadecimal percentage from 0x1 to 0x64; expected e.g. 0x4B (75 %).";
        }

        return $"Neither {LambdaEnvironmentVariables.GcHeapHardLimit} nor {LambdaEnvironmentVariables.GcHeapHardLimitPercent} is set; "
            + $"set {LambdaEnvironmentVariables.GcHeapHardLimit} to {recommended} for {memoryMb} MB (or the percentage to 0x4B) in the deployment.";
    }

    private static long? ParseHex(string text)
    {
        var digits = text.StartsWith("0x", StringComparison.OrdinalIgnoreCase) ? text[2..] : text;
        return long.TryParse(digits, NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var value) ? value : null;
    }
}
