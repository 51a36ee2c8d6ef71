using System.Text;
using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Items;

/// <summary>
/// ItemReader over an <see cref="IObjectSource"/>: <c>s3:getObject</c> with InputType JSON, JSONL or CSV
/// (CSVHeaderLocation FIRST_ROW or GIVEN), and <c>s3:listObjectsV2</c> (items are {Key, Size, LastModified}).
/// </summary>
public sealed class ObjectSourceItemReader(IObjectSource source) : IItemReader
{
    public async ValueTask<JsonArray> ReadItemsAsync(ItemReaderRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bucket = JsonUtil.GetString(request.Arguments?["Bucket"]) ?? throw new InvalidOperationException("ItemReader arguments need 'Bucket'");
        if (request.Resource.EndsWith("s3:listObjectsV2", StringComparison.Ordinal))
        {
            var list = new JsonArray();
            await foreach (var o in source.ListAsync(bucket, JsonUtil.GetString(request.Arguments?["Prefix"]), cancellationToken))
            {
                list.Add((JsonNode)new JsonObject { ["Key"] = o.Key, ["Size"] = o.Size, ["LastModified"] = o.LastModified.ToString("O", System.Globalization.CultureInfo.InvariantCulture) });
            }

            return list;
        }

        if (!request.Resource.EndsWith("s3:getObject", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"Unsupported ItemReader resource '{request.Resource}'");
        }

        var key = JsonUtil.GetString(request.Arguments?["Key"]) ?? throw new InvalidOperationException("ItemReader arguments need 'Key'");
        await using var stream = await source.OpenReadAsync(bucket, key, cancellationToken)
            ?? throw new InvalidOperationException($"The object s3://{bucket}/{key} does not exist");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync(cancellationToken);
        var inputType = JsonUtil.GetString(request.ReaderConfig?["InputType"]) ?? "JSON";
        return inputType switch
        {
            "JSON" => JsonUtil.Parse(text) as JsonArray ?? throw new InvalidOperationException("The JSON object is not an array"),
            "JSONL" => new JsonArray(text.Split('\n').Where(l => l.Trim().Length > 0).Select(l => JsonUtil.Parse(l)).ToArray()),
            "CSV" => CsvItems.Parse(text, request.ReaderConfig),
            _ => throw new InvalidOperationException($"Unsupported InputType '{inputType}' (JSON, JSONL, CSV)"),
        };
    }
}
