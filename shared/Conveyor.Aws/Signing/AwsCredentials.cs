namespace Conveyor.Aws.Signing;

/// <summary>One resolved set of AWS credentials. <see cref="SessionToken"/> is set for temporary (role) credentials.</summary>
public sealed record AwsCredentials(string AccessKeyId, string SecretAccessKey, string? SessionToken = null)
{
    // Never print the secret or the token.
    public override string ToString() => $"AwsCredentials {{ AccessKeyId = {AccessKeyId} }}";
}
