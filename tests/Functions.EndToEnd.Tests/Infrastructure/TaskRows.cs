using System.Text.Json;
using Amazon.DynamoDBv2;
using Amazon.DynamoDBv2.Model;
using Conveyor.Aws.DynamoDb;

namespace Conveyor.Functions.EndToEnd.Tests.Infrastructure;

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
}
