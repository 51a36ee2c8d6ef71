using System.Security.Cryptography;
using System.Text;
using Conveyor.Core.Ports;

namespace Conveyor.Core.Contracts;

/// <summary>
/// What every <see cref="IObjectStore"/> (in-memory, folder buckets, S3) must do. Derive, provide <see cref="Store"/> and an
/// existing <see cref="Bucket"/> (override <see cref="InitializeAsync"/> to create it). Each test uses its own keys.
/// </summary>
public abstract class ObjectStoreContract : IAsyncLifetime
{
    private const int LargeObjectBytes = 20 * 1024 * 1024;
    private readonly string _prefix = $"contract-{Guid.NewGuid():N}/";

    protected abstract IObjectStore Store { get; }

    protected abstract string Bucket { get; }

    public static TheoryData<string> UnusualKeys => new()
    {
        "folder with space/file name.txt",
        "unicodé/日本語/ファイル.csv",
        "plus+and%25percent&amp=eq.txt",
        "emoji-😀/deep/er/x.bin",
    };

    public virtual Task InitializeAsync() => Task.CompletedTask;

    public virtual Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task PutThenGet_WhenObjectStored_ShouldReturnContentAndMetadata()
    {
        var key = _prefix + "hello.txt";
        await PutTextAsync(key, "hello, conveyor", "text/plain");

        await using var stored = await Store.GetAsync(Bucket, key, CancellationToken.None);

        Assert.NotNull(stored);
        Assert.Equal("hello, conveyor", await new StreamReader(stored.Content).ReadToEndAsync());
        Assert.Equal(Bucket, stored.Metadata.Bucket);
        Assert.Equal(key, stored.Metadata.Key);
        Assert.Equal(15, stored.Metadata.Size);
        Assert.Equal("text/plain", stored.Metadata.ContentType);
    }

    [Fact]
    public async Task Put_WhenSinglePut_ShouldReturnQuotedMd5ETagLikeS3()
    {
        var key = _prefix + "etag.txt";

        var metadata = await PutTextAsync(key, "etag me");

#pragma warning disable CA5351 // S3's ETag of a single PUT is the MD5 of the content: compatibility, not security.
        var expected = $"\"{Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes("etag me")))}\"";
#pragma warning restore CA5351
        Assert.Equal(expected, metadata.ETag);
    }

    [Fact]
    public async Task Head_WhenObjectStored_ShouldReturnSizeAndSameETagAsPut()
    {
        var key = _prefix + "head.bin";
        var put = await PutTextAsync(key, "0123456789");

        var head = await Store.HeadAsync(Bucket, key, CancellationToken.None);

        Assert.NotNull(head);
        Assert.Equal(10, head.Size);
        Assert.Equal(put.ETag, head.ETag);
        Assert.Equal(key, head.Key);
    }

    [Fact]
    public async Task Put_WhenKeyExists_ShouldReplaceContent()
    {
        var key = _prefix + "replace.txt";
        await PutTextAsync(key, "first");

        await PutTextAsync(key, "second, longer");

        await using var stored = await Store.GetAsync(Bucket, key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal("second, longer", await new StreamReader(stored.Content).ReadToEndAsync());
        Assert.Equal(14, stored.Metadata.Size);
    }

    [Fact]
    public async Task Delete_WhenObjectStored_ShouldReturnTrueAndRemoveIt()
    {
        var key = _prefix + "delete.txt";
        await PutTextAsync(key, "bye");

        var deleted = await Store.DeleteAsync(Bucket, key, CancellationToken.None);

        Assert.True(deleted);
        Assert.Null(await Store.HeadAsync(Bucket, key, CancellationToken.None));
        Assert.Null(await Store.GetAsync(Bucket, key, CancellationToken.None));
    }

    [Fact]
    public async Task Delete_WhenAbsent_ShouldReturnFalse()
    {
        var deleted = await Store.DeleteAsync(Bucket, _prefix + "never-written", CancellationToken.None);

        Assert.False(deleted);
    }

    [Fact]
    public async Task GetAndHead_WhenAbsent_ShouldReturnNull()
    {
        var key = _prefix + "missing.txt";

        var stored = await Store.GetAsync(Bucket, key, CancellationToken.None);
        var head = await Store.HeadAsync(Bucket, key, CancellationToken.None);

        Assert.Null(stored);
        Assert.Null(head);
    }

    [Theory]
    [MemberData(nameof(UnusualKeys))]
    public async Task PutGetDelete_WhenKeyHasSpacesOrUnicode_ShouldRoundTripTheExactKey(string name)
    {
        var key = _prefix + name;
        await PutTextAsync(key, name);

        await using (var stored = await Store.GetAsync(Bucket, key, CancellationToken.None))
        {
            Assert.NotNull(stored);
            Assert.Equal(key, stored.Metadata.Key);
            Assert.Equal(name, await new StreamReader(stored.Content).ReadToEndAsync());
        }

        Assert.True(await Store.DeleteAsync(Bucket, key, CancellationToken.None));
        Assert.Null(await Store.HeadAsync(Bucket, key, CancellationToken.None));
    }

    [Fact]
    public async Task PutThenGet_When20MegabyteObject_ShouldStreamTheExactBytes()
    {
        var key = _prefix + "large.bin";
        var expectedHash = await HashAsync(new PatternStream(LargeObjectBytes));

        // The source is generated on the fly and the read side hashes chunk by chunk: the test never holds the object.
        await using (var source = new PatternStream(LargeObjectBytes))
        {
            var put = await Store.PutAsync(Bucket, key, source, "application/octet-stream", CancellationToken.None);
            Assert.Equal(LargeObjectBytes, put.Size);
        }

        await using var stored = await Store.GetAsync(Bucket, key, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(LargeObjectBytes, stored.Metadata.Size);
        Assert.Equal(expectedHash, await HashAsync(stored.Content));
    }

    private async Task<ObjectMetadata> PutTextAsync(string key, string text, string? contentType = null)
    {
        await using var content = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await Store.PutAsync(Bucket, key, content, contentType, CancellationToken.None);
    }

    private static async Task<string> HashAsync(Stream stream)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buffer = new byte[64 * 1024];
        int read;
        long total = 0;
        while ((read = await stream.ReadAsync(buffer)) > 0)
        {
            hash.AppendData(buffer, 0, read);
            total += read;
        }

        return $"{total}:{Convert.ToHexString(hash.GetHashAndReset())}";
    }
}
