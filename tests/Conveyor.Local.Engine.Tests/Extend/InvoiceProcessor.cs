using System.Text.Json;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;

namespace Conveyor.Local.Engine.Tests.Extend;

/// <summary>README "Extend Conveyor", step 2: a task processor for the <c>invoice</c> tasks the file task starts.</summary>
internal sealed class InvoiceProcessor : ITaskProcessor
{
    public const string Type = "invoice";

    public string TaskType => Type;

    public Task<JsonElement?> ProcessAsync(TrackedTask task, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(task);
        using var result = JsonDocument.Parse($$"""{"processed":{{task.Input.GetProperty("key").GetRawText()}}}""");
        return Task.FromResult<JsonElement?>(result.RootElement.Clone());
    }
}
