namespace Conveyor.States.Errors;

/// <summary>An error raised while interpreting a state machine; carries the States error name and cause.</summary>
public class StatesException : Exception
{
    public StatesException()
        : this(StatesErrorNames.Runtime, string.Empty)
    {
    }

    public StatesException(string message)
        : this(StatesErrorNames.Runtime, message)
    {
    }

    public StatesException(string message, Exception innerException)
        : base(message, innerException)
    {
        Error = StatesErrorNames.Runtime;
        Cause = message;
    }

    public StatesException(string error, string cause)
        : base($"{error}: {cause}")
    {
        Error = error;
        Cause = cause;
    }

    public string Error { get; }

    public string Cause { get; }
}
