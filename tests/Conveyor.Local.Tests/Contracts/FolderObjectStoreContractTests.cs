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

    [Fact]
    public async Task GetPutDelete_WhenTheKeyGoesThroughASymbolicLink_ShouldNeverReachOutsideTheBucket()
    {
        var outside = Path.Combine(Path.GetDirectoryName(_root)!, "outside");
        Directory.CreateDirectory(outside);
        await File.WriteAllTextAsync(Path.Combine(outside, "passwd"), "root:x:0:0");
        var bucket = Path.Combine(_root, Bucket);
        Directory.CreateDirectory(bucket);
        File.CreateSymbolicLink(Path.Combine(bucket, "x.csv"), Path.Combine(outside, "passwd"));
        Directory.CreateSymbolicLink(Path.Combine(bucket, "dir"), outside);

        Assert.Null(await Store.GetAsync(Bucket, "x.csv", CancellationToken.None));
        Assert.Null(await Store.GetAsync(Bucket, "dir/passwd", CancellationToken.None));
        Assert.Null(await Store.HeadAsync(Bucket, "dir/passwd", CancellationToken.None));
        using var content = new MemoryStream("evil"u8.ToArray());
        await Assert.ThrowsAsync<Core.Validation.ValidationException>(() => Store.PutAsync(Bucket, "dir/new.txt", content, null, CancellationToken.None));
        await Assert.ThrowsAsync<Core.Validation.ValidationException>(() => Store.DeleteAsync(Bucket, "dir/passwd", CancellationToken.None));
        Assert.Equal("root:x:0:0", await File.ReadAllTextAsync(Path.Combine(outside, "passwd")));
        Assert.False(File.Exists(Path.Combine(outside, "new.txt")));
    }

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
