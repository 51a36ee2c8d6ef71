using Amazon.S3;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.S3;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.S3;

/// <summary>The S3 object store against moto passes the object store contract (including the 20 MB streaming case).</summary>
[Collection("moto")]
public sealed class S3ObjectStoreContractTests(MotoFixture moto) : ObjectStoreContract
{
    private AmazonS3Client? _s3;
    private S3ObjectStore? _store;

    protected override IObjectStore Store => _store ?? throw new InvalidOperationException("Not initialised.");

    protected override string Bucket => "contract-bucket";

    public override async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _s3 = MotoClients.S3(moto.Server);
        await _s3.PutBucketAsync(Bucket);
        _store = new S3ObjectStore(_s3, new S3ObjectStoreOptions { Retry = AwsRetryOptions.NoDelay(2) });
    }

    public override Task DisposeAsync()
    {
        _s3?.Dispose();
        return Task.CompletedTask;
    }
}
