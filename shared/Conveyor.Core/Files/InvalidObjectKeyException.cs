namespace Conveyor.Core.Files;

/// <summary>An object key from an event could not be decoded (a bad percent escape or bytes that are not UTF-8).</summary>
public sealed class InvalidObjectKeyException : FormatException
{
    public InvalidObjectKeyException()
    {
    }

    public InvalidObjectKeyException(string message) : base(message)
    {
    }

    public InvalidObjectKeyException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public InvalidObjectKeyException(string rawKey, string reason, Exception? innerException = null)
        : base($"The object key '{rawKey}' from the event is not a valid form-URL-encoded UTF-8 key: {reason}.", innerException) =>
        RawKey = rawKey;

    /// <summary>The key exactly as it arrived in the event.</summary>
    public string? RawKey { get; }
}
