using System.Globalization;
using System.Text;
using Conveyor.Aws.Http;
using Conveyor.Core.Validation;

namespace Conveyor.Aws.Sns;

/// <summary>A thin Amazon SNS client (query protocol, API version 2010-03-31): Publish.</summary>
public sealed class SnsClient
{
    /// <summary>The SNS limit on a message, attributes included: 256 KiB.</summary>
    public const int MaxMessageBytes = 262_144;

    public const string ApiVersion = "2010-03-31";

    public SnsClient(AwsRequestSender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        Protocol = new AwsQueryProtocol(sender, ApiVersion);
    }

    /// <summary>The query protocol underneath, for actions this client does not wrap (tests create topics with it).</summary>
    public AwsQueryProtocol Protocol { get; }

    /// <summary>Publishes; returns the message id.</summary>
    /// <exception cref="AwsPayloadTooLargeException">Message plus attributes over 256 KiB; nothing was sent.</exception>
    /// <exception cref="ValidationException">A FIFO topic without a message group id.</exception>
    public async Task<string> PublishAsync(SnsPublishRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var size = Size(request);
        if (size > MaxMessageBytes)
        {
            throw new AwsPayloadTooLargeException(
                $"The SNS message to {request.TopicArn}",
                size,
                MaxMessageBytes,
                "Publish a reference (the task id) and let subscribers read the details from the task table.");
        }

        var root = await Protocol.InvokeAsync("Publish", Parameters(request), cancellationToken);
        return AwsQueryProtocol.Find(root, "MessageId")
            ?? throw new AwsServiceException("The SNS Publish response has no MessageId.");
    }

    /// <summary>The form parameters of Publish (without Action and Version).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parameters(SnsPublishRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var parameters = new List<KeyValuePair<string, string>>
        {
            new("TopicArn", request.TopicArn),
            new("Message", request.Message),
        };
        if (request.Subject is not null)
        {
            parameters.Add(new("Subject", request.Subject));
        }

        for (var i = 0; i < request.MessageAttributes.Count; i++)
        {
            var attribute = request.MessageAttributes[i];
            var prefix = string.Create(CultureInfo.InvariantCulture, $"MessageAttributes.entry.{i + 1}.");
            parameters.Add(new(prefix + "Name", attribute.Name));
            parameters.Add(new(prefix + "Value.DataType", attribute.DataType));
            parameters.Add(new(prefix + "Value.StringValue", attribute.StringValue));
        }

        if (request.IsFifo)
        {
            if (string.IsNullOrEmpty(request.MessageGroupId))
            {
                throw new ValidationException($"The FIFO topic {request.TopicArn} needs a MessageGroupId.", nameof(request));
            }

            parameters.Add(new("MessageGroupId", request.MessageGroupId));
            if (request.MessageDeduplicationId is not null)
            {
                parameters.Add(new("MessageDeduplicationId", request.MessageDeduplicationId));
            }
        }

        return parameters;
    }

    private static long Size(SnsPublishRequest request) =>
        Encoding.UTF8.GetByteCount(request.Message)
        + request.MessageAttributes.Sum(a =>
            (long)Encoding.UTF8.GetByteCount(a.Name) + Encoding.UTF8.GetByteCount(a.DataType) + Encoding.UTF8.GetByteCount(a.StringValue));
}
