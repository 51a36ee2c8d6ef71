namespace Conveyor.Lambda.Emulator;

public enum InvocationOutcomeKind
{
    /// <summary>The function posted to <c>/response</c>.</summary>
    Response,

    /// <summary>The function posted to <c>/error</c>.</summary>
    Error,

    /// <summary>The function posted to <c>/init/error</c> before it took the event.</summary>
    InitError,
}
