using Microsoft.Extensions.Options;

namespace Conveyor.Functions;

/// <summary>
/// Gives the options system the registered <see cref="FunctionsOptions"/> singleton, so the host's start-up validation
/// (<c>ValidateOnStart</c>) reads and checks the very instance the handlers get; resolving it runs its validation.
/// </summary>
internal sealed class FunctionsOptionsFactory(FunctionsOptions options) : IOptionsFactory<FunctionsOptions>
{
    public FunctionsOptions Create(string name) => options;
}
