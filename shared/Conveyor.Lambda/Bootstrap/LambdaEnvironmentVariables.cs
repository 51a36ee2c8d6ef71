namespace Conveyor.Lambda.Bootstrap;

/// <summary>Names of the environment variables Lambda defines (or that this runtime reads).</summary>
public static class LambdaEnvironmentVariables
{
    public const string RuntimeApi = "AWS_LAMBDA_RUNTIME_API";
    public const string FunctionName = "AWS_LAMBDA_FUNCTION_NAME";
    public const string FunctionVersion = "AWS_LAMBDA_FUNCTION_VERSION";
    public const string FunctionMemorySize = "AWS_LAMBDA_FUNCTION_MEMORY_SIZE";
    public const string LogGroupName = "AWS_LAMBDA_LOG_GROUP_NAME";
    public const string LogStreamName = "AWS_LAMBDA_LOG_STREAM_NAME";
    public const string LogLevel = "AWS_LAMBDA_LOG_LEVEL";

    /// <summary>The X-Ray trace header of the current invocation; the AWS SDK reads it to propagate tracing.</summary>
    public const string TraceId = "_X_AMZN_TRACE_ID";

    /// <summary>The GC's hard heap limit (hexadecimal bytes); read by the runtime only at process start.</summary>
    public const string GcHeapHardLimit = "DOTNET_GCHeapHardLimit";

    /// <summary>The GC's hard heap limit as a share of the memory limit (hexadecimal percent, e.g. <c>0x4B</c> = 75 %).</summary>
    public const string GcHeapHardLimitPercent = "DOTNET_GCHeapHardLimitPercent";
}
