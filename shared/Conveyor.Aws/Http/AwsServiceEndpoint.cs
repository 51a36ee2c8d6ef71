namespace Conveyor.Aws.Http;

/// <summary>
/// Where a service lives and how requests to it are signed. <see cref="SigningName"/> is the SigV4 service name
/// (<c>states</c>, <c>scheduler</c>, <c>sns</c>); <see cref="ServiceUrl"/> may point at an emulator.
/// </summary>
public sealed record AwsServiceEndpoint(Uri ServiceUrl, string Region, string SigningName)
{
    /// <summary>The public regional endpoint <c>https://{signingName}.{region}.amazonaws.com</c>, or <paramref name="serviceUrl"/> when given.</summary>
    public static AwsServiceEndpoint For(string signingName, string region, Uri? serviceUrl = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(signingName);
        ArgumentException.ThrowIfNullOrWhiteSpace(region);
        return new AwsServiceEndpoint(serviceUrl ?? new Uri($"https://{signingName}.{region}.amazonaws.com/"), region, signingName);
    }
}
