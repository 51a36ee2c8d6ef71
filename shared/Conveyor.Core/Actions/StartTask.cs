using Conveyor.Core.Services;

namespace Conveyor.Core.Actions;

/// <summary>Creates a task through <see cref="ITaskStarter"/>.</summary>
public sealed record StartTask(CreateTaskRequest Request) : FileTaskAction
{
    public CreateTaskRequest Request { get; init; } = Request ?? throw new ArgumentNullException(nameof(Request));

    public override string Describe() =>
        $"StartTask({Request.Tenant}/{Request.Type}{(Request.StepFunction ? ", step function" : string.Empty)})";
}
