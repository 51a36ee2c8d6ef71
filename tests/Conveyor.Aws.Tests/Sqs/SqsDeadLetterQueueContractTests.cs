using Amazon.SQS;
using Amazon.SQS.Model;
using Conveyor.Aws.Resilience;
using Conveyor.Aws.Sqs;
using Conveyor.Aws.Tests.Moto;
using Conveyor.Core.Contracts;
using Conveyor.Core.Ports;
using Conveyor.Testing.Moto;

namespace Conveyor.Aws.Tests.Sqs;

/// <summary>The SQS dead-letter queue against moto passes the contract: the body as sent, the cause as String message attributes.</summary>
[Collection("moto")]
public sealed class SqsDeadLetterQueueContractTests(MotoFixture moto) : DeadLetterQueueContract, IAsyncLifetime
{
    private AmazonSQSClient? _sqs;
    private string? _queueUrl;

    public async Task InitializeAsync()
    {
        await moto.Server.ResetAsync();
        _sqs = MotoClients.Sqs(moto.Server);
    }

    public Task DisposeAsync()
    {
        _sqs?.Dispose();
        return Task.CompletedTask;
    }

    protected override async Task<IDeadLetterQueue> CreateQueueAsync()
    {
        _queueUrl = (await _sqs!.CreateQueueAsync("tasks-dlq-" + Guid.NewGuid().ToString("N")[..8])).QueueUrl;
        return new SqsDeadLetterQueue(_sqs, new SqsDeadLetterQueueOptions { QueueUrl = _queueUrl, Retry = AwsRetryOptions.NoDelay(2) });
    }

    protected override async Task<IReadOnlyList<(string Body, IReadOnlyDictionary<string, string> Attributes)>> ReadAsync(IDeadLetterQueue queue, CancellationToken cancellationToken)
    {
        var response = await _sqs!.ReceiveMessageAsync(
            new ReceiveMessageRequest { QueueUrl = _queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 1, MessageAttributeNames = ["All"] }, cancellationToken);
        return [.. (response.Messages ?? []).Select(m => (m.Body, (IReadOnlyDictionary<string, string>)m.MessageAttributes.ToDictionary(a => a.Key, a => a.Value.StringValue)))];
    }

    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("bell\u0007 and nul\0", "bell\uFFFD and nul\uFFFD")]
    [InlineData("pair \ud83d\ude00 kept\ttab", "pair \ud83d\ude00 kept\ttab")]
    public void SqsText_WhenTextHasCharactersSqsRefuses_ShouldReplaceOnlyThose(string text, string expected) =>
        Assert.Equal(expected, SqsDeadLetterQueue.SqsText(text));

    [Fact]
    public void SqsText_WhenTextHasALoneSurrogate_ShouldReplaceIt() =>
        Assert.Equal("lone \uFFFD surrogate \uFFFD", SqsDeadLetterQueue.SqsText("lone " + '\ud800' + " surrogate " + '\udc00'));
}
