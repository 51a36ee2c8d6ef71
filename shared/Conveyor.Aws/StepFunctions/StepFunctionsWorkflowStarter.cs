using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;

namespace Conveyor.Aws.StepFunctions;

/// <summary>
/// Starts the step-function workflow of a parent task on AWS Step Functions. Idempotent per execution name:
/// a redelivered start either gets the same execution back (same input, still running) or
/// <c>ExecutionAlreadyExists</c> (different input, or finished), and both are success.
/// </summary>
public sealed partial class StepFunctionsWorkflowStarter(
    StepFunctionsClient client,
    StepFunctionsOptions options,
    ILogger<StepFunctionsWorkflowStarter> logger) : IWorkflowStarter
{
    public const int MaxExecutionNameLength = 80;

    private readonly StepFunctionsClient _client = client ?? throw new ArgumentNullException(nameof(client));
    private readonly StepFunctionsOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly ILogger<StepFunctionsWorkflowStarter> _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    /// <exception cref="ValidationException">The execution name is empty, too long or has characters outside <c>[0-9A-Za-z_-]</c>.</exception>
    /// <exception cref="Http.AwsPayloadTooLargeException">The input is over 256 KiB; nothing was sent.</exception>
    public async Task<WorkflowExecution> StartAsync(WorkflowStart request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ValidateExecutionName(request.ExecutionName);
        try
        {
            var started = await _client.StartExecutionAsync(_options.StateMachineArn, request.ExecutionName, request.Input.GetRawText(), cancellationToken);
            LogStarted(_logger, request.ExecutionName, started.ExecutionArn);

            // AWS answers a repeat with identical input exactly like a first start, so AlreadyStarted cannot be known here.
            return new WorkflowExecution(started.ExecutionArn, request.ExecutionName, AlreadyStarted: false);
        }
        catch (ExecutionAlreadyExistsException ex)
        {
            var arn = ex.ExistingExecutionArn ?? ExecutionArn(_options.StateMachineArn, request.ExecutionName);
            LogAlreadyStarted(_logger, request.ExecutionName, arn);
            return new WorkflowExecution(arn, request.ExecutionName, AlreadyStarted: true);
        }
    }

    /// <summary>1–80 characters of <c>[0-9A-Za-z_-]</c>: the subset of Step Functions names that is also safe in logs and ARNs.</summary>
    public static void ValidateExecutionName(string? name)
    {
        if (string.IsNullOrEmpty(name))
        {
            throw new ValidationException("An execution name is required (see Conveyor.Core.Tasks.ExecutionNames.For).", nameof(name));
        }

        if (name.Length > MaxExecutionNameLength)
        {
            throw new ValidationException(
                $"The execution name is {name.Length} characters long; Step Functions allows at most {MaxExecutionNameLength}.", nameof(name));
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '-'))
            {
                throw new ValidationException(
                    $"The execution name '{name}' has '{c}' at position {i}; only [0-9A-Za-z_-] are allowed.", nameof(name));
            }
        }
    }

    /// <summary><c>arn:aws:states:r:a:stateMachine:M</c> + name → <c>arn:aws:states:r:a:execution:M:name</c>.</summary>
    public static string ExecutionArn(string stateMachineArn, string executionName)
    {
        ArgumentNullException.ThrowIfNull(stateMachineArn);
        const string marker = ":stateMachine:";
        var index = stateMachineArn.IndexOf(marker, StringComparison.Ordinal);
        return index < 0
            ? $"{stateMachineArn}:{executionName}"
            : $"{stateMachineArn[..index]}:execution:{stateMachineArn[(index + marker.Length)..]}:{executionName}";
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Started execution {ExecutionName} ({ExecutionArn})")]
    private static partial void LogStarted(ILogger logger, string executionName, string executionArn);

    [LoggerMessage(Level = LogLevel.Information, Message = "Execution {ExecutionName} already exists ({ExecutionArn}); treating the start as done")]
    private static partial void LogAlreadyStarted(ILogger logger, string executionName, string executionArn);
}
