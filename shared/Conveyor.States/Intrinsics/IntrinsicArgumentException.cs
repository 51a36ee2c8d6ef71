namespace Conveyor.States.Intrinsics;

/// <summary>Internal signal for a bad intrinsic argument; surfaced as States.IntrinsicFailure.</summary>
internal sealed class IntrinsicArgumentException : Exception
{
    public IntrinsicArgumentException()
    {
    }

    public IntrinsicArgumentException(string message)
        : base(message)
    {
    }

    public IntrinsicArgumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
