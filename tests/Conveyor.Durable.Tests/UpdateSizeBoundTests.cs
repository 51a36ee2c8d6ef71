using Conveyor.Durable.Protocol;

namespace Conveyor.Durable.Tests;

public sealed class UpdateSizeBoundTests
{
    public static TheoryData<string> Texts => new()
    {
        string.Empty,
        "plain",
        "quotes \" and \\ backslashes",
        "control \u0001\u001f\n\t characters",
        "html <script>&'</script>",
        "non-ASCII é ü 中文 and a surrogate pair 😀",
        string.Concat(Enumerable.Repeat("😀", 500)),
        new string('\u0001', 1000),
    };

    [Theory]
    [MemberData(nameof(Texts))]
    public void SizeBound_WhenEveryMemberIsSet_ShouldBeAtLeastTheSerializedSize(string text)
    {
        var update = new OperationUpdate
        {
            Id = "id" + text,
            ParentId = "parent" + text,
            Name = "name" + text,
            Type = OperationTypes.ChainedInvoke,
            SubType = "sub" + text,
            Action = OperationActions.Fail,
            Payload = text,
            Error = new ErrorObject { ErrorType = text, ErrorMessage = text, ErrorData = text, StackTrace = [text, text, string.Empty] },
            StepOptions = new StepUpdateOptions { NextAttemptDelaySeconds = int.MinValue },
            WaitOptions = new WaitUpdateOptions { WaitSeconds = int.MinValue },
            CallbackOptions = new CallbackUpdateOptions { TimeoutSeconds = int.MinValue, HeartbeatTimeoutSeconds = int.MinValue },
            ChainedInvokeOptions = new ChainedInvokeUpdateOptions { FunctionName = text, TenantId = text },
            ContextOptions = new ContextUpdateOptions { ReplayChildren = false },
        };

        Assert.InRange(DurableProtocolJson.SizeBound(update), DurableProtocolJson.SizeOf(update), long.MaxValue);
    }

    [Theory]
    [MemberData(nameof(Texts))]
    public void SizeBound_WhenOnlyRequiredMembersAreSet_ShouldBeAtLeastTheSerializedSize(string text)
    {
        var update = new OperationUpdate { Id = text, Type = OperationTypes.Step, Action = OperationActions.Succeed, Payload = text };

        Assert.InRange(DurableProtocolJson.SizeBound(update), DurableProtocolJson.SizeOf(update), long.MaxValue);
    }
}
