using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Conveyor.Lambda.Events.Sqs;
using Conveyor.Local.Queue;

namespace Conveyor.Local.Engine.Events;

/// <summary>Local queue deliveries as SQS event records (receive count, sent time, source ARN).</summary>
public static class SqsMessages
{
    public static string QueueArn(string queue) => $"arn:aws:sqs:us-east-1:000000000000:{queue}";

    public static SqsMessage From(QueueMessage message, string queue)
    {
        ArgumentNullException.ThrowIfNull(message);
        var attributes = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["ApproximateReceiveCount"] = message.ReceiveCount.ToString(CultureInfo.InvariantCulture),
            ["SentTimestamp"] = message.SentAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture),
        };
        if (message.GroupId is { } group)
        {
            attributes["MessageGroupId"] = group;
        }

        return new SqsMessage
        {
            MessageId = message.MessageId,
            ReceiptHandle = message.ReceiptHandle,
            Body = message.Body,
            Attributes = attributes,
#pragma warning disable CA5351 // SQS's md5OfBody is MD5 by definition; an integrity field, not security.
            Md5OfBody = Convert.ToHexStringLower(MD5.HashData(Encoding.UTF8.GetBytes(message.Body))),
#pragma warning restore CA5351
            EventSource = "aws:sqs",
            EventSourceArn = QueueArn(queue),
            AwsRegion = "us-east-1",
        };
    }
}
