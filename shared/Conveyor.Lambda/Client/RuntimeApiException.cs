using System.Net;

namespace Conveyor.Lambda.Client;

/// <summary>The Runtime API answered with a status other than success; the loop cannot go on meaningfully.</summary>
public sealed class RuntimeApiException : Exception
{
    public RuntimeApiException() { }

    public RuntimeApiException(string message) : base(message) { }

    public RuntimeApiException(string message, Exception innerException) : base(message, innerException) { }

    public RuntimeApiException(HttpStatusCode statusCode, string message) : base(message) => StatusCode = statusCode;

    public HttpStatusCode? StatusCode { get; }
}
