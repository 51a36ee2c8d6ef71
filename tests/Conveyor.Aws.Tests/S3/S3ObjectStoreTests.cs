using Conveyor.Aws.Resilience;
using Conveyor.Aws.S3;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Contracts;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.S3;

[Collection("moto")]
public sealed class S3ObjectStoreTests(MotoFixture moto) : IAsyncLifetime
{
    private const string Bucket = "uploads";
    private readonly Amazon.S3.AmazonS3Client _s3 = MotoClients.S3(moto.Server);

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        await _s3.PutBucketAsync(Bucket);
    }

    public Task DisposeAsync()
    {
        _s3.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task PutAsync_WhenStreamIsNotSeekableAnd20Megabytes_ShouldUploadInThree8MegabyteParts()
    {
        var store = new S3ObjectStore(_s3, new S3ObjectStoreOptions { Retry = AwsRetryOptions.NoDelay(2) });
        const int size = 20 * 1024 * 1024;
        await using var source = new ForwardOnlyStream(new PatternStream(size));
        var before = GC.GetTotalAllocatedBytes(precise: true);

        var put = await store.PutAsync(Bucket, "big/report.bin", source, "application/octet-stream", CancellationToken.None);

        var allocated = GC.GetTotalAllocatedBytes(precise: true) - before;
        Assert.Equal(size, put.Size);
        Assert.EndsWith("-3\"", put.ETag, StringComparison.Ordinal);
        var head = await store.HeadAsync(Bucket, "big/report.bin", CancellationToken.None);
        Assert.Equal(size, head!.Size);
        Assert.Equal("application/octet-stream", head.ContentType);
        // The whole object is never held: allocations stay well under its size (the part buffer is pooled).
        Assert.True(allocated < size, $"allocated {allocated} bytes for a {size}-byte upload");
    }

    /// <summary>Hides seeking and length, like a network or decompression stream.</summary>
    private sealed class ForwardOnlyStream(Stream inner) : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => inner.Read(buffer, offset, count);

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) => inner.ReadAsync(buffer, cancellationToken);

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
