namespace Conveyor.Functions.FileTrigger;

/// <summary>
/// Fails a FileTrigger invocation because some record hit a transient fault, so Lambda's asynchronous retry re-runs the
/// event (every action is idempotent) and, once retries are exhausted, the on-failure destination keeps it.
/// </summary>
public sealed class FileEventRetryException : Exception
{
    public FileEventRetryException() : base("Some file events failed transiently.") { }

    public FileEventRetryException(string message) : base(message) { }

    public FileEventRetryException(string message, Exception innerException) : base(message, innerException) { }

    public FileEventRetryException(IReadOnlyList<FileRecordFailure> failures, Exception? firstCause)
        : base(Describe(failures), firstCause) => Failures = failures;

    public IReadOnlyList<FileRecordFailure> Failures { get; } = [];

    private static string Describe(IReadOnlyList<FileRecordFailure> failures)
    {
        ArgumentNullException.ThrowIfNull(failures);
        var transient = failures.Where(f => f.Transient).Select(f => $"{f.Bucket}/{f.Key}: {f.Reason}");
        return $"{failures.Count(f => f.Transient)} file event(s) failed transiently and will be retried: {string.Join("; ", transient.Take(5))}";
    }
}
