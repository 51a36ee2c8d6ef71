using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Conveyor.Core.Services;

/// <summary>
/// The logger a factory registration passes to what it constructs. Registrations are factories rather than types
/// because the container finds a type's constructor by reflection and closes <c>ILogger&lt;T&gt;</c> at run time, both
/// of which Native AOT serves slowly during a function's init (bench/cold-start.sh).
/// </summary>
public static class ServiceProviderLoggerExtensions
{
    /// <summary>An <see cref="ILogger{T}"/> from the registered <see cref="ILoggerFactory"/>.</summary>
    public static ILogger<T> GetLogger<T>(this IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(services);
        return services.GetRequiredService<ILoggerFactory>().CreateLogger<T>();
    }
}
