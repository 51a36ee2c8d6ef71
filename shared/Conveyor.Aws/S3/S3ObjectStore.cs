using System.Buffers;
using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Conveyor.Aws.Resilience;
using Conveyor.Core.Ports;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;

namespace Conveyor.Aws.S3;

/// <summary>
/// <see cref="IObjectStore"/> over S3. Reads hand out the response stream as it arrives; writes hold at most one
/// part (<see cref="S3ObjectStoreOptions.PartSizeBytes"/>) in memory: content that fits in one part is a single
/// PutObject, anything longer a multipart upload, so an object of unknown length is never buffered whole.
/// </summary>
public sealed partial class S3ObjectStore : IObjectStore
{
    private readonly Lazy<IAmazonS3> _s3;
    private readonly S3ObjectStoreOptions _options;
    private readonly Lazy<ResiliencePipeline> _pipeline;
    private readonly ILogger _logger;

    public S3ObjectStore(IAmazonS3 s3, S3ObjectStoreOptions? options = null, ILogger<S3ObjectStore>? logger = null, TimeProvider? timeProvider = null)
        : this(new Lazy<IAmazonS3>(s3 ?? throw new ArgumentNullException(nameof(s3))), options, logger, timeProvider)
    {
    }

    /// <summary>With the client created on first use: a function's init builds the store (and checks its options), not the SDK client.</summary>
    public S3ObjectStore(Lazy<IAmazonS3> s3, S3ObjectStoreOptions? options = null, ILogger<S3ObjectStore>? logger = null, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(s3);
        _options = options ?? new S3ObjectStoreOptions();
        _options.Validate();
        _s3 = s3;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _pipeline = AwsResiliencePipelines.CreateLazy(_options.Retry, logger: _logger, timeProvider: timeProvider);
    }

    public async Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest { BucketName = bucket, Key = key };
        try
        {
            var response = await _pipeline.Value.ExecuteAsync(async ct => await _s3.Value.GetObjectAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            var metadata = new ObjectMetadata(bucket, key, response.ContentLength, response.ETag, response.Headers.ContentType, ToOffset(response.LastModified), response.VersionId);
            return new StoredObject(response.ResponseStream, metadata);
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            return null;
        }
    }

    public async Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        var buffer = ArrayPool<byte>.Shared.Rent(_options.PartSizeBytes);
        try
        {
            var first = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false);
            if (first < _options.PartSizeBytes)
            {
                return await PutSingleAsync(bucket, key, buffer, first, contentType, cancellationToken).ConfigureAwait(false);
            }

            return await PutMultipartAsync(bucket, key, content, buffer, first, contentType, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    public async Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        // S3 answers 204 whether or not the object existed, so ask first; a concurrent delete between the two calls
        // makes both callers report true, which is harmless.
        if (await HeadAsync(bucket, key, cancellationToken).ConfigureAwait(false) is null)
        {
            return false;
        }

        var request = new DeleteObjectRequest { BucketName = bucket, Key = key };
        await _pipeline.Value.ExecuteAsync(async ct => await _s3.Value.DeleteObjectAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        return true;
    }

    public async Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken)
    {
        var request = new GetObjectMetadataRequest { BucketName = bucket, Key = key };
        try
        {
            var response = await _pipeline.Value.ExecuteAsync(async ct => await _s3.Value.GetObjectMetadataAsync(request, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            return new ObjectMetadata(bucket, key, response.ContentLength, response.ETag, response.Headers.ContentType, ToOffset(response.LastModified), response.VersionId);
        }
        catch (AmazonS3Exception ex) when (IsNotFound(ex))
        {
            return null;
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new ObjectAccessDeniedException(bucket, key, ex);
        }
    }

    private async Task<ObjectMetadata> PutSingleAsync(string bucket, string key, byte[] buffer, int length, string? contentType, CancellationToken cancellationToken)
    {
        var response = await _pipeline.Value.ExecuteAsync(
            async ct =>
            {
                // A fresh stream per attempt: a retry re-sends the same bytes from the start.
                using var body = new MemoryStream(buffer, 0, length, writable: false);
                var request = new PutObjectRequest { BucketName = bucket, Key = key, InputStream = body, AutoCloseStream = false, ContentType = contentType };
                return await _s3.Value.PutObjectAsync(request, ct).ConfigureAwait(false);
            },
            cancellationToken).ConfigureAwait(false);
        return new ObjectMetadata(bucket, key, length, response.ETag, contentType, VersionId: response.VersionId);
    }

    private async Task<ObjectMetadata> PutMultipartAsync(string bucket, string key, Stream content, byte[] buffer, int first, string? contentType, CancellationToken cancellationToken)
    {
        var initiate = new InitiateMultipartUploadRequest { BucketName = bucket, Key = key, ContentType = contentType };
        var upload = await _pipeline.Value.ExecuteAsync(async ct => await _s3.Value.InitiateMultipartUploadAsync(initiate, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
        var parts = new List<PartETag>();
        long total = 0;
        try
        {
            for (int length = first, number = 1; length > 0; length = await FillAsync(content, buffer, cancellationToken).ConfigureAwait(false), number++)
            {
                var partNumber = number;
                var partLength = length;
                var part = await _pipeline.Value.ExecuteAsync(
                    async ct =>
                    {
                        using var body = new MemoryStream(buffer, 0, partLength, writable: false);
                        var request = new UploadPartRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartNumber = partNumber, InputStream = body, PartSize = partLength };
                        return await _s3.Value.UploadPartAsync(request, ct).ConfigureAwait(false);
                    },
                    cancellationToken).ConfigureAwait(false);
                parts.Add(new PartETag(partNumber, part.ETag));
                total += partLength;
            }

            var complete = new CompleteMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId, PartETags = parts };
            var done = await _pipeline.Value.ExecuteAsync(async ct => await _s3.Value.CompleteMultipartUploadAsync(complete, ct).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);
            LogMultipart(_logger, bucket, key, parts.Count, total);
            return new ObjectMetadata(bucket, key, total, done.ETag, contentType, VersionId: done.VersionId);
        }
        catch
        {
            // An abandoned upload keeps its parts (and their cost) until aborted.
            var abort = new AbortMultipartUploadRequest { BucketName = bucket, Key = key, UploadId = upload.UploadId };
            await _s3.Value.AbortMultipartUploadAsync(abort, CancellationToken.None).ConfigureAwait(false);
            throw;
        }
    }

    // Reads until the buffer is full or the stream ends: parts other than the last must be exactly the part size.
    private async Task<int> FillAsync(Stream content, byte[] buffer, CancellationToken cancellationToken)
    {
        var filled = 0;
        while (filled < _options.PartSizeBytes)
        {
            var read = await content.ReadAsync(buffer.AsMemory(filled, _options.PartSizeBytes - filled), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            filled += read;
        }

        return filled;
    }

    private static bool IsNotFound(AmazonS3Exception exception) =>
        exception.StatusCode == HttpStatusCode.NotFound || exception.ErrorCode is "NoSuchKey" or "NotFound";

    private static DateTimeOffset? ToOffset(DateTime? time) =>
        time is { } t ? new DateTimeOffset(DateTime.SpecifyKind(t.ToUniversalTime(), DateTimeKind.Utc)) : null;

    [LoggerMessage(Level = LogLevel.Debug, Message = "Uploaded s3://{Bucket}/{Key} in {Parts} parts ({Bytes} bytes)")]
    private static partial void LogMultipart(ILogger logger, string bucket, string key, int parts, long bytes);
}
