using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.DynamoDb;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>Reads and seeds rows of the tasks table directly (the functions under test use their own adapters).</summary>
public sealed class TaskRows(IAmazonDynamoDB dynamo)
{
    /// <summary>
    /// Writes the <c>NewImage</c> of the first record of events/<paramref name="streamEventFile"/> as the table row — the
    /// sample images are the exact item layout the store writes — optionally with another status and version.
    /// </summary>
    public async Task SeedFromStreamEventAsync(string streamEventFile, int record = 0, string? status = null, int? version = null)
    {
        using var file = JsonDocument.Parse(await File.ReadAllTextAsync(Repository.Event(streamEventFile)));
        var image = file.RootElement.GetProperty("Records")[record].GetProperty("dynamodb").GetProperty("NewImage");
        var item = AttributeValueJson.ItemFromTyped(image);
        if (status is not null)
        {
            item["status"] = new AttributeValue { S = status };
        }

        if (version is not null)
        {
            item["version"] = new AttributeValue { N = version.Value.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        }

        await dynamo.PutItemAsync(ConveyorStack.TasksTable, item);
    }

    public async Task<Dictionary<string, AttributeValue>?> GetAsync(string pk, string sk)
    {
        var response = await dynamo.GetItemAsync(new GetItemRequest
        {
            TableName = ConveyorStack.TasksTable,
            Key = new() { ["pk"] = new AttributeValue { S = pk }, ["sk"] = new AttributeValue { S = sk } },
            ConsistentRead = true,
        });
        return response.IsItemSet ? response.Item : null;
    }

    public async Task<string?> StatusAsync(string pk, string sk) => (await GetAsync(pk, sk))?["status"].S;

    /// <summary>Every row of a partition (tasks of a tenant, or a parent with its subtasks), in sort-key order.</summary>
    public async Task<List<Dictionary<string, AttributeValue>>> PartitionAsync(string pk)
    {
        var response = await dynamo.QueryAsync(new QueryRequest
        {
            TableName = ConveyorStack.TasksTable,
            KeyConditionExpression = "pk = :pk",
            ExpressionAttributeValues = new() { [":pk"] = new AttributeValue { S = pk } },
            ConsistentRead = true,
        });
        return response.Items ?? [];
    }

    /// <summary>
    /// A DynamoDB stream event (the shape of events/stream-modify.json, NEW_AND_OLD_IMAGES) with one MODIFY record per
    /// row of <paramref name="after"/> whose version differs from its row in <paramref name="before"/> — what the table's
    /// stream delivers to StreamFanOut for those writes (intermediate versions collapsed into one change).
    /// </summary>
    public static string ModifyEvent(IReadOnlyList<Dictionary<string, AttributeValue>> before, IReadOnlyList<Dictionary<string, AttributeValue>> after)
    {
        var old = before.ToDictionary(r => (r["pk"].S, r["sk"].S));
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("Records");
            var sequence = 0;
            foreach (var row in after)
            {
                if (!old.TryGetValue((row["pk"].S, row["sk"].S), out var previous) || previous["version"].N == row["version"].N)
                {
                    continue;
                }

                sequence++;
                writer.WriteStartObject();
                writer.WriteString("eventID", $"e2e-modify-{sequence}");
                writer.WriteString("eventName", "MODIFY");
                writer.WriteString("eventVersion", "1.1");
                writer.WriteString("eventSource", "aws:dynamodb");
                writer.WriteString("awsRegion", "us-east-1");
                writer.WriteStartObject("dynamodb");
                writer.WriteNumber("ApproximateCreationDateTime", 1795435200);
                writer.WriteStartObject("Keys");
                writer.WritePropertyName("pk");
                WriteTyped(writer, row["pk"]);
                writer.WritePropertyName("sk");
                WriteTyped(writer, row["sk"]);
                writer.WriteEndObject();
                WriteImage(writer, "NewImage", row);
                WriteImage(writer, "OldImage", previous);
                writer.WriteString("SequenceNumber", "2222" + sequence.ToString("D20", System.Globalization.CultureInfo.InvariantCulture));
                writer.WriteString("StreamViewType", "NEW_AND_OLD_IMAGES");
                writer.WriteEndObject();
                writer.WriteString("eventSourceARN", "arn:aws:dynamodb:us-east-1:123456789012:table/conveyor-dev-tasks/stream/2026-11-23T00:00:00.000");
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteImage(Utf8JsonWriter writer, string name, Dictionary<string, AttributeValue> item)
    {
        writer.WriteStartObject(name);
        foreach (var (attribute, value) in item)
        {
            writer.WritePropertyName(attribute);
            WriteTyped(writer, value);
        }

        writer.WriteEndObject();
    }

    /// <summary>Any attribute value as stream JSON (<c>{"S":…}</c>, <c>{"M":{…}}</c>, …); the adapter's writer covers key types only.</summary>
    private static void WriteTyped(Utf8JsonWriter writer, AttributeValue value)
    {
        writer.WriteStartObject();
        if (value.S is not null) { writer.WriteString("S", value.S); }
        else if (value.N is not null) { writer.WriteString("N", value.N); }
        else if (value.B is not null) { writer.WriteBase64String("B", value.B.ToArray()); }
        else if (value.BOOL is not null) { writer.WriteBoolean("BOOL", value.BOOL.Value); }
        else if (value.M is not null)
        {
            writer.WriteStartObject("M");
            foreach (var (name, item) in value.M)
            {
                writer.WritePropertyName(name);
                WriteTyped(writer, item);
            }

            writer.WriteEndObject();
        }
        else if (value.L is not null)
        {
            writer.WriteStartArray("L");
            foreach (var item in value.L)
            {
                WriteTyped(writer, item);
            }

            writer.WriteEndArray();
        }
        else if (value.SS is { Count: > 0 }) { writer.WriteStartArray("SS"); value.SS.ForEach(writer.WriteStringValue); writer.WriteEndArray(); }
        else if (value.NS is { Count: > 0 }) { writer.WriteStartArray("NS"); value.NS.ForEach(writer.WriteStringValue); writer.WriteEndArray(); }
        else { writer.WriteBoolean("NULL", true); }

        writer.WriteEndObject();
    }
}
