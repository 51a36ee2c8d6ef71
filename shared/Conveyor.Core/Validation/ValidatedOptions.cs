using System.Runtime.ExceptionServices;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Conveyor.Core.Validation;

/// <summary>
/// The one way Conveyor registers settings: <see cref="AddValidatedOptions{TOptions}"/> registers the options as a
/// singleton read and validated together, and <see cref="ValidateAll"/> — run once by the host when it starts (the Lambda
/// host's init, the engine's start) — resolves every one of them, so a bad setting fails the start with a message naming
/// it, never the first event. Plain code and delegates: no reflection, AOT-clean.
/// </summary>
public static class ValidatedOptions
{
    /// <summary>
    /// Registers <typeparamref name="TOptions"/> as a singleton made by <paramref name="read"/> then
    /// <see cref="IValidatedOptions{TSelf}.Validate"/>, and registers it for <see cref="ValidateAll"/>. Nothing is read
    /// while wiring. The first registration of a type wins (a host may supply its own before the shared wiring runs).
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions>(this IServiceCollection services, Func<IServiceProvider, TOptions> read)
        where TOptions : class, IValidatedOptions<TOptions>
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(read);
        services.TryAddSingleton(sp => read(sp).Validate());
        if (!services.Any(d => d.ServiceType == typeof(Check) && d.ImplementationInstance is Check check && check.OptionsType == typeof(TOptions)))
        {
            services.AddSingleton(new Check(typeof(TOptions), sp => sp.GetRequiredService<TOptions>()));
        }

        return services;
    }

    /// <summary>
    /// Reads and validates every options type registered with <see cref="AddValidatedOptions{TOptions}"/>. The host calls
    /// it once at start; every invalid setting is reported together.
    /// </summary>
    /// <exception cref="ValidationException">One or more settings are invalid; the message names each.</exception>
    public static void ValidateAll(IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        var failures = new List<ValidationException>();
        foreach (var check in services.GetServices<Check>())
        {
            try
            {
                _ = check.Resolve(services);
            }
            catch (ValidationException ex)
            {
                failures.Add(ex);
            }
        }

        if (failures.Count == 1)
        {
            ExceptionDispatchInfo.Capture(failures[0]).Throw();
        }

        if (failures.Count > 1)
        {
            throw new ValidationException(string.Join(" ", failures.Select(f => f.Message)), new AggregateException(failures));
        }
    }

    private sealed record Check(Type OptionsType, Func<IServiceProvider, object> Resolve);
}
