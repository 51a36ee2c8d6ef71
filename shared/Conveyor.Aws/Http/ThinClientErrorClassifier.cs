using Conveyor.Aws.Resilience;

namespace Conveyor.Aws.Http;

/// <summary>Teaches the shared retry pipeline about the thin clients' <see cref="AwsServiceException"/>.</summary>
public sealed class ThinClientErrorClassifier : ITransientErrorClassifier
{
    public static ThinClientErrorClassifier Instance { get; } = new();

    public bool IsTransient(Exception exception) => exception is AwsServiceException { IsTransient: true };
}
