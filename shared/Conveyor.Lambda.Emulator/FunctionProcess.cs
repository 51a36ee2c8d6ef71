using System.Diagnostics;

namespace Conveyor.Lambda.Emulator;

/// <summary>Builds the start info of a function executable pointed at an emulator (what Lambda would set, minus AWS).</summary>
public static class FunctionProcess
{
    /// <summary>
    /// <paramref name="path"/> is a native executable (AOT <c>bootstrap</c> or apphost) or a <c>.dll</c> run with
    /// <c>dotnet</c>. Output is redirected; <paramref name="environment"/> is added after the Lambda variables.
    /// </summary>
    public static ProcessStartInfo CreateStartInfo(
        string path, string runtimeApi, string functionName, int memoryMb, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentException.ThrowIfNullOrEmpty(runtimeApi);
        var isDll = path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase);
        var info = new ProcessStartInfo(isDll ? "dotnet" : path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetDirectoryName(Path.GetFullPath(path)) ?? Environment.CurrentDirectory,
        };
        if (isDll)
        {
            info.ArgumentList.Add(path);
        }

        info.Environment["AWS_LAMBDA_RUNTIME_API"] = runtimeApi;
        info.Environment["AWS_LAMBDA_FUNCTION_NAME"] = functionName;
        info.Environment["AWS_LAMBDA_FUNCTION_VERSION"] = "$LATEST";
        info.Environment["AWS_LAMBDA_FUNCTION_MEMORY_SIZE"] = memoryMb.ToString(System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["DOTNET_GCHeapHardLimit"] = "0x" + ((long)(memoryMb * 1024L * 1024L * 0.75)).ToString("X", System.Globalization.CultureInfo.InvariantCulture);
        info.Environment["AWS_REGION"] = "us-east-1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        return info;
    }
}
