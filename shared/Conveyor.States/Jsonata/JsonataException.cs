namespace Conveyor.States.Jsonata;

/// <summary>A JSONata parse or evaluation error, with the JSONata error code.</summary>
public sealed class JsonataException : Exception
{
    public JsonataException()
    {
    }

    public JsonataException(string message)
        : base(message)
    {
    }

    public JsonataException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public JsonataException(string code, string message, int position = -1)
        : base(position >= 0 ? $"{code}: {message} (at position {position})" : $"{code}: {message}")
    {
        Code = code;
    }

    public string Code { get; } = "D0000";
}
