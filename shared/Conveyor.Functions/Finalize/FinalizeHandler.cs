using System.Text.Json.Serialization.Metadata;
using Conveyor.Core.Services;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;
using Conveyor.Functions.Hosting;
using Conveyor.Functions.MapItem;
using Conveyor.Functions.Serialization;
using Conveyor.Functions.StateMachine;
using Conveyor.Lambda.Context;
using Conveyor.Lambda.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Functions.Finalize;

/// <summary>
/// The state machine's last step: sets the parent's outcome from its subtasks (COMPLETED, or FINISHED with an alarm when
/// some failed), or FAILED with an alarm when the execution itself failed (<c>error</c> present). Idempotent: a parent
/// that is already terminal is returned as it is.
/// </summary>
public sealed class FinalizeHandler : ILambdaHandler<FinalizePayload, TaskStatusResponse>
{
    /// <summary>This function, described once: template.yaml's <c>FinalizeFunction</c>.</summary>
    public static FunctionDescriptor Function { get; } =
        FunctionDescriptor.For<FinalizeHandler, FinalizePayload, TaskStatusResponse>(
            "Finalize",
            FunctionTrigger.StateMachineTask,
            TimeSpan.FromSeconds(300),
            sp => new FinalizeHandler(sp.GetRequiredService<TaskService>(), sp.GetLogger<FinalizeHandler>()));

    private readonly TaskService _tasks;
    private readonly ILogger _logger;

    public FinalizeHandler(TaskService tasks, ILogger<FinalizeHandler> logger)
    {
        _tasks = tasks ?? throw new ArgumentNullException(nameof(tasks));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
    }

    public JsonTypeInfo<FinalizePayload> EventTypeInfo => FinalizeJsonContext.Default.FinalizePayload;

    public JsonTypeInfo<TaskStatusResponse> ResponseTypeInfo => FinalizeJsonContext.Default.TaskStatusResponse;

    /// <exception cref="TaskNotFoundException">The parent does not exist.</exception>
    /// <exception cref="ValidationException">The parent is not a step-function task key.</exception>
    public async Task<TaskStatusResponse> HandleAsync(FinalizePayload input, ILambdaContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var parent = TaskKeyPayload.Require(input.Parent, "parent");
        string? executionError = null;
        if (input.Error is { } error)
        {
            var cause = StepFunctionsCause.Message(error.Cause);
            var type = string.IsNullOrWhiteSpace(error.Error) ? "States.Runtime" : error.Error;
            executionError = cause is null ? type : $"{type}: {cause}";
            FinalizeLog.ExecutionFailed(_logger, parent.Id, executionError);
        }

        var stored = await _tasks.FinalizeStepFunctionTaskAsync(parent, executionError, cancellationToken);
        return TaskStatusResponse.Of(stored.Status);
    }
}
