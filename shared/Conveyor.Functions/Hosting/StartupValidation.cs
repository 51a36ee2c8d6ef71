using Conveyor.Core.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conveyor.Functions.Hosting;

/// <summary>
/// Connects Conveyor's validated options (<see cref="ValidatedOptions"/>) to the hosts' one start hook, .NET's start-up
/// validation (<see cref="IStartupValidator"/>): the Lambda host runs it during init (a bad setting is an init error
/// naming it), the embedded engine when it starts (the CLI prints the message). Registered through .NET's own
/// <c>ValidateOnStart</c>, so it runs alongside any other start-up validation, never instead of it.
/// </summary>
public static class StartupValidation
{
    /// <summary>Makes the host's start-up validation run <see cref="ValidatedOptions.ValidateAll"/>; idempotent.</summary>
    public static IServiceCollection AddStartupValidation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.ServiceType == typeof(IValidateOptions<AllValidatedOptions>)))
        {
            return services;
        }

        services.AddOptions<AllValidatedOptions>()
            .Validate<IServiceProvider>((_, provider) =>
            {
                ValidatedOptions.ValidateAll(provider);
                return true;
            })
            .ValidateOnStart();
        return services;
    }

    /// <summary>What .NET's start-up validation "builds": nothing; its validation step is <see cref="ValidatedOptions.ValidateAll"/>.</summary>
    private sealed class AllValidatedOptions;
}
