using System.Text.Json.Nodes;
using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Testing.Moto;

namespace Functions.EndToEnd.Tests.Infrastructure;

/// <summary>
/// What Lambda's SQS event source mapping does for TaskWorker, over a moto queue: receives messages (system and message
/// attributes included), wraps them as Lambda's SQS event and, after the invocation, deletes the ones the function did
/// not report as failed.
/// </summary>
public sealed class SqsEventSource(IAmazonSQS sqs, string queueUrl)
{
    /// <summary>Receives until at least one message arrived (or the deadline passed), then whatever else is there.</summary>
    public async Task<List<Message>> ReceiveAsync(TimeSpan deadline)
    {
        var until = DateTime.UtcNow + deadline;
        var messages = new List<Message>();
        while (true)
        {
            var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = messages.Count == 0 ? 1 : 0,
                MessageSystemAttributeNames = ["All"],
                MessageAttributeNames = ["All"],
            });
            if (response.Messages is { Count: > 0 } received)
            {
                messages.AddRange(received);
            }
            else if (messages.Count > 0 || DateTime.UtcNow > until)
            {
                return messages;
            }
        }
    }

    /// <summary>The messages as Lambda's SQS event (<c>{"Records":[{messageId, receiptHandle, body, attributes, …}]}</c>).</summary>
    public async Task<string> EventAsync(IEnumerable<Message> messages)
    {
        var queueArn = (await sqs.GetQueueAttributesAsync(queueUrl, ["QueueArn"])).QueueARN;
        var records = new JsonArray();
        foreach (var message in messages)
        {
            var attributes = new JsonObject();
            foreach (var (name, value) in message.Attributes ?? [])
            {
                attributes[name] = value;
            }

            var messageAttributes = new JsonObject();
            foreach (var (name, value) in message.MessageAttributes ?? [])
            {
                messageAttributes[name] = new JsonObject
                {
                    ["stringValue"] = value.StringValue,
                    ["stringListValues"] = new JsonArray(),
                    ["binaryListValues"] = new JsonArray(),
                    ["dataType"] = value.DataType,
                };
            }

            records.Add(new JsonObject
            {
                ["messageId"] = message.MessageId,
                ["receiptHandle"] = message.ReceiptHandle,
                ["body"] = message.Body,
                ["attributes"] = attributes,
                ["messageAttributes"] = messageAttributes,
                ["md5OfBody"] = message.MD5OfBody,
                ["eventSource"] = "aws:sqs",
                ["eventSourceARN"] = queueArn,
                ["awsRegion"] = MotoServer.Region,
            });
        }

        return new JsonObject { ["Records"] = records }.ToJsonString();
    }

    /// <summary>Deletes the messages that succeeded (those not named in the partial-batch response).</summary>
    public async Task DeleteSucceededAsync(IEnumerable<Message> messages, IReadOnlyCollection<string> failedMessageIds)
    {
        foreach (var message in messages.Where(m => !failedMessageIds.Contains(m.MessageId)))
        {
            await sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
        }
    }
}
