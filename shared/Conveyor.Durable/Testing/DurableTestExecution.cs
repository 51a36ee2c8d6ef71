using Conveyor.Durable.Protocol;
using Conveyor.Durable.Service;

namespace Conveyor.Durable.Testing;

/// <summary>A workflow execution run by <see cref="DurableTestRunner{TIn, TOut}"/>: its status, result, error and operations.</summary>
public sealed class DurableTestExecution<TOut>
{
    private readonly InMemoryDurableService _service;
    private readonly Func<string?, TOut> _readResult;

    internal DurableTestExecution(InMemoryDurableService service, string arn, Func<string?, TOut> readResult)
    {
        _service = service;
        Arn = arn;
        _readResult = readResult;
    }

    public string Arn { get; }

    public string Status => _service.Locked(() => _service.Get(Arn).Status);

    public ErrorObject? Error => _service.Locked(() => _service.Get(Arn).Error);

    /// <summary>How many times the function was invoked (1 + the number of resumptions).</summary>
    public int Invocations => _service.Locked(() => _service.Get(Arn).Invocations);

    /// <summary>The operations as the service recorded them, in start order.</summary>
    public IReadOnlyList<Operation> Operations => _service.Locked(() => _service.Get(Arn).Operations.Select(o => o.Clone()).ToList());

    /// <summary>The workflow's result.</summary>
    /// <exception cref="InvalidOperationException">The execution did not succeed.</exception>
    public TOut Result
    {
        get
        {
            var (status, result, error) = _service.Locked(() =>
            {
                var record = _service.Get(Arn);
                return (record.Status, record.Result, record.Error);
            });
            return status == ExecutionStatuses.Succeeded
                ? _readResult(result)
                : throw new InvalidOperationException($"The execution is {status}{(error is null ? string.Empty : $": {error.ErrorType}: {error.ErrorMessage}")}.");
        }
    }

    /// <summary>The first operation named <paramref name="name"/>.</summary>
    public Operation Operation(string name) =>
        Operations.FirstOrDefault(o => o.Name == name) ?? throw new KeyNotFoundException($"No operation named '{name}'; have {string.Join(", ", Operations.Select(o => o.Name))}.");

    /// <summary>The id of the callback named <paramref name="name"/>, to answer it.</summary>
    public string CallbackId(string name) =>
        Operations.FirstOrDefault(o => o.Type == OperationTypes.Callback && o.Name == name)?.CallbackDetails?.CallbackId
        ?? throw new KeyNotFoundException($"No started callback named '{name}'.");
}
