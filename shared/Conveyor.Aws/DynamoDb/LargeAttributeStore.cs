using System.Text;
using Amazon.DynamoDBv2.Model;
using Conveyor.Core.Ports;
using Conveyor.Core.Validation;
using A = Conveyor.Aws.DynamoDb.TaskItemAttributes;

namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Moves input/result values that would push an item over the size threshold to S3 and replaces them with
/// <c>{"$ref":"s3://bucket/key"}</c>; loads them back on read. Every offload writes a new object key (never
/// overwriting one a stored item may point to), so a write that loses its condition leaves the winner intact.
/// </summary>
internal sealed class LargeAttributeStore(IObjectStore? objects, DynamoDbTaskStoreOptions options)
{
    private const string Scheme = "s3://";
    private static readonly string[] Offloadable = [A.Input, A.Result];

    /// <summary>Offloads the largest of input/result until the item fits; returns the object keys written.</summary>
    public async Task<IReadOnlyList<string>> OffloadAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        var written = new List<string>();
        while (ItemSize.Of(item) > options.LargeAttributeThresholdBytes)
        {
            var field = Offloadable.Where(f => item.TryGetValue(f, out var v) && v.S is not null)
                .OrderByDescending(f => item[f].S!.Length).FirstOrDefault();
            if (field is null)
            {
                throw new ValidationException(
                    $"Task {item[A.Id].S} is {ItemSize.Of(item)} bytes even with its input and result moved to S3; DynamoDB items are limited to 400 KB.");
            }

            if (options.LargeAttributeBucket is not { } bucket || objects is null)
            {
                throw new ValidationException(
                    $"The {field} of task {item[A.Id].S} makes the item larger than {options.LargeAttributeThresholdBytes} bytes; configure a large-attribute bucket to store it in S3.");
            }

            var key = $"{options.LargeAttributePrefix}{item[A.Pk].S!.Replace('#', '/')}/{item[A.Sk].S!.Replace('#', '/')}/{field}/{Guid.NewGuid():N}.json";
            await using (var content = new MemoryStream(Encoding.UTF8.GetBytes(item[field].S!), writable: false))
            {
                await objects.PutAsync(bucket, key, content, "application/json", cancellationToken).ConfigureAwait(false);
            }

            written.Add(key);
            item[field] = new AttributeValue { M = new(StringComparer.Ordinal) { [A.Reference] = TaskItemMapper.S($"{Scheme}{bucket}/{key}") } };
        }

        return written;
    }

    /// <summary>Best effort: removes objects written for an item whose conditional write did not land.</summary>
    public async Task DiscardAsync(IReadOnlyList<string> keys, CancellationToken cancellationToken)
    {
        if (objects is null || options.LargeAttributeBucket is not { } bucket)
        {
            return;
        }

        foreach (var key in keys)
        {
            await objects.DeleteAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Replaces <c>{"$ref":…}</c> maps in the item with the JSON text read from S3.</summary>
    public async Task ResolveAsync(Dictionary<string, AttributeValue> item, CancellationToken cancellationToken)
    {
        foreach (var field in Offloadable)
        {
            if (!item.TryGetValue(field, out var value) || value.M is null
                || !value.M.TryGetValue(A.Reference, out var reference) || reference.S is not { } uri)
            {
                continue;
            }

            var (bucket, key) = ParseUri(uri);
            if (objects is null)
            {
                throw new InvalidOperationException($"Task {item[A.Id].S} keeps its {field} in S3 ({uri}) but the store has no object store to read it.");
            }

            await using var stored = await objects.GetAsync(bucket, key, cancellationToken).ConfigureAwait(false)
                ?? throw new InvalidOperationException($"Task {item[A.Id].S} refers to {uri} for its {field}, but the object is gone.");
            using var reader = new StreamReader(stored.Content, Encoding.UTF8);
            item[field] = TaskItemMapper.S(await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false));
        }
    }

    private static (string Bucket, string Key) ParseUri(string uri)
    {
        var slash = uri.StartsWith(Scheme, StringComparison.Ordinal) ? uri.IndexOf('/', Scheme.Length) : -1;
        return slash > Scheme.Length && slash < uri.Length - 1
            ? (uri[Scheme.Length..slash], uri[(slash + 1)..])
            : throw new FormatException($"'{uri}' is not an s3://bucket/key reference.");
    }
}
