using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Conveyor.Testing.Moto;

namespace Conveyor.Testing.DynamoDb;

/// <summary>
/// Reads a DynamoDB stream with the JSON 1.0 protocol (<c>X-Amz-Target: DynamoDBStreams_20120810.*</c>): the .NET SDK
/// here has no Streams client. moto does not verify signatures, so the request carries an Authorization header of
/// the right shape (credential scope <c>…/us-east-1/dynamodb/aws4_request</c>, which moto routes on) with a dummy
/// signature. Against real AWS this would need a SigV4 signature; test-only code.
/// </summary>
public sealed class DynamoDbStreamsReader(MotoServer moto, HttpClient http)
{
    public async Task<IReadOnlyList<JsonElement>> ReadAllRecordsAsync(string streamArn)
    {
        using var description = await CallAsync("DescribeStream", new { StreamArn = streamArn });
        var records = new List<JsonElement>();
        foreach (var shard in description.RootElement.GetProperty("StreamDescription").GetProperty("Shards").EnumerateArray())
        {
            using var iterator = await CallAsync("GetShardIterator", new { StreamArn = streamArn, ShardId = shard.GetProperty("ShardId").GetString(), ShardIteratorType = "TRIM_HORIZON" });
            using var page = await CallAsync("GetRecords", new { ShardIterator = iterator.RootElement.GetProperty("ShardIterator").GetString() });
            records.AddRange(page.RootElement.GetProperty("Records").EnumerateArray().Select(r => r.Clone()));
        }

        return records;
    }

    private async Task<JsonDocument> CallAsync(string operation, object body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, moto.Endpoint)
        {
            Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8),
        };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.0");
        request.Headers.Add("X-Amz-Target", $"DynamoDBStreams_20120810.{operation}");
        request.Headers.Add("X-Amz-Date", "20260101T000000Z");
        request.Headers.TryAddWithoutValidation(
            "Authorization",
            $"AWS4-HMAC-SHA256 Credential={MotoServer.AccessKey}/20260101/{MotoServer.Region}/dynamodb/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, Signature={new string('0', 64)}");
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{operation} failed: {(int)response.StatusCode} {text}");
        return JsonDocument.Parse(text);
    }
}
