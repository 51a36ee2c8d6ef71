using System.Diagnostics.CodeAnalysis;
using Conveyor.Core.Validation;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Conveyor.Functions.Hosting;

/// <summary>
/// Connects Conveyor's validated options (<see cref="ValidatedOptions"/>) to the hosts' one start hook, .NET's start-up
/// validation (<see cref="IStartupValidator"/>): the Lambda host runs it during init (a bad setting is an init error
/// naming it), the embedded engine when it starts (the CLI prints the message). It runs alongside any <c>ValidateOnStart</c>
/// registration, whichever is registered first, never instead of it.
/// </summary>
/// <remarks>
/// The registered <see cref="IStartupValidator"/> runs <see cref="ValidatedOptions.ValidateAll"/>, then .NET's own start-up
/// validator if anything used <c>ValidateOnStart</c>. It does not go through .NET's options (an <c>IOptionsMonitor</c> of
/// a marker type fed by <c>ValidateOnStart</c>), because under Native AOT every <c>IOptions*</c> generic type the container
/// closes at run time is built by the type loader, a measurable part of a function's init (bench/cold-start.sh).
/// </remarks>
public static class StartupValidation
{
    /// <summary>The key .NET's own start-up validator is registered under, for <see cref="ValidatedOptionsStartupValidator"/> to run.</summary>
    private static readonly object DotNetValidatorKey = new();

    /// <summary>Makes the host's start-up validation run <see cref="ValidatedOptions.ValidateAll"/>; idempotent.</summary>
    public static IServiceCollection AddStartupValidation(this IServiceCollection services)
    {
        ArgumentNullException.ThrowIfNull(services);
        if (services.Any(d => d.IsKeyedService && ReferenceEquals(d.ServiceKey, DotNetValidatorKey)))
        {
            return services;
        }

        // A factory, not the type: a container validated on build (the embedded engine's) would otherwise need the
        // options services .NET's validator takes, which exist only where something used ValidateOnStart — the only case
        // in which it is resolved.
        services.Add(new ServiceDescriptor(typeof(IStartupValidator), DotNetValidatorKey, (provider, _) => ActivatorUtilities.CreateInstance(provider, DotNetStartupValidator.Type), ServiceLifetime.Transient));
        // Added, not tried: the last IStartupValidator is the one hosts resolve, also after an earlier ValidateOnStart.
        services.AddTransient<IStartupValidator>(sp => new ValidatedOptionsStartupValidator(sp));
        return services;
    }

    /// <summary>Conveyor's settings first (every bad one in one message), then any <c>ValidateOnStart</c> registration.</summary>
    private sealed class ValidatedOptionsStartupValidator(IServiceProvider services) : IStartupValidator
    {
        public void Validate()
        {
            ValidatedOptions.ValidateAll(services);
            // ValidateOnStart goes through .NET's options (AddOptions registers IOptionsMonitor<>): without them nothing used
            // it, and .NET's internal types are not learnt (running ValidateOnStart on a scratch collection during every
            // function's init cost its init time; bench/cold-start.sh).
            var isService = services.GetService<IServiceProviderIsService>();
            if (isService?.IsService(typeof(IOptionsMonitor<object>)) == true && isService.IsService(DotNetStartupValidator.Configuration))
            {
                services.GetRequiredKeyedService<IStartupValidator>(DotNetValidatorKey).Validate();
            }
        }
    }

    /// <summary>
    /// .NET's own start-up validator, learnt on a scratch collection when first needed (a container where something used
    /// <c>ValidateOnStart</c>): it adds its validator only where no <see cref="IStartupValidator"/> is registered yet, so
    /// <see cref="AddStartupValidation"/> registers it again under a key.
    /// </summary>
    private static class DotNetStartupValidator
    {
        private static readonly ServiceCollection Probe = ValidateOnStartRegistrations();

        /// <summary>.NET's own start-up validator (an internal type), as <c>ValidateOnStart</c> registers it.</summary>
        [DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)]
        public static readonly Type Type = Probe
            .Single(d => d.ServiceType == typeof(IStartupValidator)).ImplementationType
            ?? throw new InvalidOperationException("ValidateOnStart registered no validator type.");

        /// <summary>
        /// The configuration of .NET's (internal) start-up validator options, which <c>ValidateOnStart</c> registers: where a
        /// container holds it, something used <c>ValidateOnStart</c>. It is the one closed <c>IConfigureOptions&lt;&gt;</c> there.
        /// </summary>
        public static readonly Type Configuration = Probe
            .Single(d => d.ServiceType.IsConstructedGenericType && d.ServiceType.GetGenericTypeDefinition() == typeof(IConfigureOptions<>))
            .ServiceType;

        private static ServiceCollection ValidateOnStartRegistrations()
        {
            var scratch = new ServiceCollection();
            scratch.AddOptions<ProbeOptions>().ValidateOnStart();
            return scratch;
        }
    }

    private sealed class ProbeOptions;
}
