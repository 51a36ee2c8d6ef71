using Conveyor.Durable.Protocol;
using Conveyor.Local.Engine.Workflows;

namespace Conveyor.Local.Engine.Tests.Workflows;

public sealed class NoDurableWorkflowTests
{
    [Fact]
    public async Task InvokeAsync_ShouldFailTheExecutionWithAnErrorNamingTheMissingWorkflow()
    {
        var output = await new NoDurableWorkflow().InvokeAsync(new DurableInvocationInput { DurableExecutionArn = "arn:x", CheckpointToken = "t" }, null!, CancellationToken.None);

        Assert.Equal(InvocationStatuses.Failed, output.Status);
        Assert.Null(output.Result);
        Assert.Equal(NoDurableWorkflow.ErrorType, output.Error!.ErrorType);
        Assert.Contains("no durable workflow", output.Error.ErrorMessage, StringComparison.Ordinal);
    }
}
