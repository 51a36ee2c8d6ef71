namespace Conveyor.Functions.Api;

/// <summary>The stable <c>error.type</c> values of API error bodies.</summary>
public static class ApiErrorTypes
{
    public const string Validation = "ValidationError";
    public const string Forbidden = "Forbidden";
    public const string NotFound = "NotFound";
    public const string MethodNotAllowed = "MethodNotAllowed";
    public const string Conflict = "Conflict";
    public const string NotRetryable = "NotRetryable";

    /// <summary>A dead letter without a source queue to go back to.</summary>
    public const string NotRedrivable = "NotRedrivable";
    public const string PayloadTooLarge = "PayloadTooLarge";
    public const string IdempotencyKeyReused = "IdempotencyKeyReused";
    public const string Unauthorized = "Unauthorized";
    public const string Timeout = "Timeout";
    public const string Unavailable = "Unavailable";
    public const string Internal = "InternalError";

    /// <summary>The route exists but this host does not serve it (durable workflows on a host without a durable execution service).</summary>
    public const string NotAvailable = "NotAvailable";
}
