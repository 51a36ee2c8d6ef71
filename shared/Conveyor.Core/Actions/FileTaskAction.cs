namespace Conveyor.Core.Actions;

/// <summary>
/// An effect a file-task callback asks for: <see cref="PublishCommands"/>, <see cref="CreateSchedule"/>,
/// <see cref="DeleteSchedule"/>, <see cref="StartTask"/> or <see cref="StartWorkflow"/>. Callbacks return actions instead of performing them so
/// the <see cref="ActionExecutor"/> can run them in order and report each one.
/// </summary>
public abstract record FileTaskAction
{
    // Closed set: the executor must know how to run every action.
    private protected FileTaskAction()
    {
    }

    /// <summary>A short description for logs and outcomes, without payloads.</summary>
    public abstract string Describe();
}
