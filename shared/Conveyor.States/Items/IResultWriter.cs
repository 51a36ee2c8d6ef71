using System.Text.Json.Nodes;

namespace Conveyor.States.Items;

/// <summary>Writes a distributed Map's results; returns the ResultWriterDetails object. Throw to fail with States.ResultWriterFailed.</summary>
public interface IResultWriter
{
    ValueTask<JsonNode?> WriteResultsAsync(ResultWriterRequest request, CancellationToken cancellationToken);
}
