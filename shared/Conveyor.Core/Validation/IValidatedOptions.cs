namespace Conveyor.Core.Validation;

/// <summary>
/// Settings that check themselves: <see cref="Validate"/> throws <see cref="ValidationException"/> whose message names the
/// setting as the user sets it (configuration key and environment variable, or CLI option) and says what it must be.
/// Registered with <see cref="ValidatedOptions.AddValidatedOptions{TOptions}"/>, they are checked once when the host starts.
/// </summary>
/// <typeparam name="TSelf">The options type itself.</typeparam>
public interface IValidatedOptions<TSelf>
    where TSelf : IValidatedOptions<TSelf>
{
    /// <summary>Returns these options when every setting is valid.</summary>
    /// <exception cref="ValidationException">A setting is missing or invalid; the message names it.</exception>
    TSelf Validate();
}
