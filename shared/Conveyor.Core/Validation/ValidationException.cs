namespace Conveyor.Core.Validation;

/// <summary>Bad input from a caller: the message says what is wrong and how to fix it.</summary>
/// <remarks>
/// <see cref="Exception.Message"/> is only that sentence: unlike <see cref="ArgumentException"/>, the parameter name is
/// kept in <see cref="ArgumentException.ParamName"/> and never appended as "(Parameter '…')", because the message is
/// shown to users as it is (API error bodies, CLI errors).
/// </remarks>
public class ValidationException : ArgumentException
{
    private readonly string? _sentence;

    public ValidationException() { }

    public ValidationException(string message) : base(message) => _sentence = message;

    public ValidationException(string message, Exception innerException) : base(message, innerException) => _sentence = message;

    public ValidationException(string message, string? paramName) : base(message, paramName) => _sentence = message;

    public override string Message => _sentence ?? base.Message;
}
