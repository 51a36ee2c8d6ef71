namespace Conveyor.Aws.Signing;

/// <summary>
/// Supplies credentials for each request. Called once per attempt, so role credentials that expire (Lambda, ECS)
/// are refreshed by the source rather than cached by the clients.
/// </summary>
public interface IAwsCredentialsSource
{
    ValueTask<AwsCredentials> GetCredentialsAsync(CancellationToken cancellationToken);
}
