using System.Text.Json.Nodes;

namespace Conveyor.States.Items;

/// <summary>Reads the items of a distributed Map. Throw to fail the Map with States.ItemReaderFailed.</summary>
public interface IItemReader
{
    ValueTask<JsonArray> ReadItemsAsync(ItemReaderRequest request, CancellationToken cancellationToken);
}
