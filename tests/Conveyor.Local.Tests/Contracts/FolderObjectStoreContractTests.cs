using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Local.Buckets;

namespace Conveyor.Local.Tests.Contracts;

public sealed class FolderObjectStoreContractTests : ObjectStoreContract
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "conveyor-local-tests", Guid.NewGuid().ToString("N"), "buckets");

    public FolderObjectStoreContractTests() => Store = new FolderObjectStore(new BucketPaths(_root));

    protected override IObjectStore Store { get; }

    protected override string Bucket => "contract-bucket";

    public override Task DisposeAsync()
    {
        var folder = Path.GetDirectoryName(_root)!;
        if (Directory.Exists(folder))
        {
            Directory.Delete(folder, recursive: true);
        }

        return Task.CompletedTask;
    }
}
