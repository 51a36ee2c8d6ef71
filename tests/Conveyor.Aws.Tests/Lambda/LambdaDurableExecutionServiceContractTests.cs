using Conveyor.Aws.Lambda;
using Conveyor.Aws.Tests.Http;
using Conveyor.Core.Contracts;
using Conveyor.Durable.Service;
using Conveyor.Testing.Lambda;

namespace Conveyor.Aws.Tests.Lambda;

/// <summary>The Lambda durable execution service, over real HTTP and SigV4, against the documented API (<see cref="LambdaDurableApiFake"/>): the contract the embedded engine passes too.</summary>
public sealed class LambdaDurableExecutionServiceContractTests : DurableExecutionServiceContract
{
    private readonly LambdaDurableApiFake _lambda = new();
    private LambdaDurableExecutionService _service = null!;

    protected override IDurableExecutionService Service => _service;

    public override Task InitializeAsync()
    {
        var functions = new LambdaDurableFunctions { Functions = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase) { ["DocumentReview"] = LambdaDurableApiFake.AliasArn } };
        _service = new LambdaDurableExecutionService(TestSenders.Real(_lambda.Endpoint, "lambda"), functions);
        return Task.CompletedTask;
    }

    public override async Task DisposeAsync() => await _lambda.DisposeAsync();

    protected override Task<string> OpenCallbackAsync(string arn) => Task.FromResult(_lambda.OpenCallback(arn));

    protected override Task SucceedAsync(string arn, string result)
    {
        _lambda.Succeed(arn, result);
        return Task.CompletedTask;
    }
}
