namespace Conveyor.Core.Files;

/// <summary>A file task declares a bucket whose logical name has no physical bucket in configuration.</summary>
public sealed class BucketNotConfiguredException : InvalidOperationException
{
    public BucketNotConfiguredException()
    {
    }

    public BucketNotConfiguredException(string message) : base(message)
    {
    }

    public BucketNotConfiguredException(string message, Exception innerException) : base(message, innerException)
    {
    }

    public BucketNotConfiguredException(string logicalName, IEnumerable<string> configured)
        : base($"No physical bucket is configured for the logical bucket '{logicalName}'. Add '{logicalName}' to the bucket configuration (e.g. Buckets__{logicalName}=<bucket name>); configured: {Describe(configured)}.") =>
        LogicalName = logicalName;

    /// <summary>The logical name that was expected in configuration.</summary>
    public string? LogicalName { get; }

    private static string Describe(IEnumerable<string> configured)
    {
        var names = configured.Order(StringComparer.Ordinal).ToList();
        return names.Count == 0 ? "none" : string.Join(", ", names);
    }
}
