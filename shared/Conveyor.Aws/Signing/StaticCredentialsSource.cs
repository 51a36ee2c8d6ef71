namespace Conveyor.Aws.Signing;

/// <summary>Fixed credentials: tests and local emulators.</summary>
public sealed class StaticCredentialsSource(AwsCredentials credentials) : IAwsCredentialsSource
{
    private readonly AwsCredentials _credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));

    public ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken) => ValueTask.FromResult(_credentials);
}
