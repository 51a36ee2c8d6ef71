using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Conveyor.Aws.Http;

namespace Conveyor.Aws.StepFunctions;

/// <summary>
/// A thin AWS Step Functions client (JSON 1.0, <c>X-Amz-Target: AWSStepFunctions.*</c>): StartExecution,
/// DescribeExecution, StopExecution. Retries and signing come from the <see cref="AwsRequestSender"/>.
/// </summary>
public sealed class StepFunctionsClient
{
    /// <summary>The Step Functions limit on execution input: 256 KiB of UTF-8.</summary>
    public const int MaxInputBytes = 262_144;

    public const string TargetPrefix = "AWSStepFunctions";

    public StepFunctionsClient(AwsRequestSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        Protocol = new AwsJsonProtocol(sender.WithServiceErrors(MapError), TargetPrefix);
    }

    /// <summary>The JSON protocol underneath, for operations this client does not wrap (tests create state machines with it).</summary>
    public AwsJsonProtocol Protocol { get; }

    /// <exception cref="AwsPayloadTooLargeException">The input is over 256 KiB; nothing was sent.</exception>
    /// <exception cref="ExecutionAlreadyExistsException">The name is taken by an execution with a different input or a finished one.</exception>
    public async Task<StartExecutionResult> StartExecutionAsync(string stateMachineArn, string? name, string input, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(stateMachineArn);
        ArgumentNullException.ThrowIfNull(input);
        var size = Encoding.UTF8.GetByteCount(input);
        if (size > MaxInputBytes)
        {
            throw new AwsPayloadTooLargeException(
                $"The input of execution '{name}'",
                size,
                MaxInputBytes,
                "Store the items elsewhere (S3 or the task table) and pass a reference in the input instead.");
        }

        var body = Write(writer =>
        {
            writer.WriteString("stateMachineArn", stateMachineArn);
            if (name is not null)
            {
                writer.WriteString("name", name);
            }

            writer.WriteString("input", input);
        });
        using var response = await Protocol.InvokeAsync("StartExecution", body, cancellationToken);
        var root = response.RootElement;
        return new StartExecutionResult(RequiredString(root, "executionArn"), Date(root, "startDate"));
    }

    /// <exception cref="AwsResourceNotFoundException">No such execution (ExecutionDoesNotExist).</exception>
    public async Task<ExecutionDescription> DescribeExecutionAsync(string executionArn, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionArn);
        var body = Write(writer => writer.WriteString("executionArn", executionArn));
        using var response = await Protocol.InvokeAsync("DescribeExecution", body, cancellationToken);
        var root = response.RootElement;
        return new ExecutionDescription(
            RequiredString(root, "executionArn"),
            OptionalString(root, "stateMachineArn") ?? string.Empty,
            OptionalString(root, "name") ?? string.Empty,
            RequiredString(root, "status"),
            Date(root, "startDate"),
            Date(root, "stopDate"),
            OptionalString(root, "input"),
            OptionalString(root, "output"),
            OptionalString(root, "error"),
            OptionalString(root, "cause"));
    }

    /// <summary>Stops a running execution; returns the stop date the service reported.</summary>
    public async Task<DateTimeOffset?> StopExecutionAsync(string executionArn, string? error, string? cause, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executionArn);
        var body = Write(writer =>
        {
            writer.WriteString("executionArn", executionArn);
            if (error is not null)
            {
                writer.WriteString("error", error);
            }

            if (cause is not null)
            {
                writer.WriteString("cause", cause);
            }
        });
        using var response = await Protocol.InvokeAsync("StopExecution", body, cancellationToken);
        return Date(response.RootElement, "stopDate");
    }

    private static AwsServiceException? MapError(AwsErrorDetails details) =>
        details.ErrorCode == "ExecutionAlreadyExists" ? new ExecutionAlreadyExistsException(details) : null;

    private static byte[] Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static string RequiredString(JsonElement root, string name) =>
        OptionalString(root, name) ?? throw new AwsServiceException($"The Step Functions response has no '{name}'.");

    private static string? OptionalString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    // The service sends epoch seconds with a fraction; emulators sometimes send ISO 8601 text.
    private static DateTimeOffset? Date(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value))
        {
            return null;
        }

        return value.ValueKind switch
        {
            JsonValueKind.Number => DateTimeOffset.FromUnixTimeMilliseconds((long)Math.Round(value.GetDouble() * 1000)),
            JsonValueKind.String when DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) => parsed,
            _ => null,
        };
    }
}
