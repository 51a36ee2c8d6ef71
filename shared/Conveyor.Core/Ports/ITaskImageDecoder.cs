using System.Text.Json;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Ports;

/// <summary>
/// Reads the new image of a change-feed record (a DynamoDB stream <c>NewImage</c> on AWS, the local change feed's row)
/// as a task, so StreamFanOut stays independent of the store's wire format.
/// </summary>
public interface ITaskImageDecoder
{
    /// <summary>False for rows of the table that are not tasks (e.g. idempotency markers): the fan-out skips them.</summary>
    bool IsTask(JsonElement image);

    /// <exception cref="FormatException">The image is not a decodable task row.</exception>
    TrackedTask Decode(JsonElement image);
}
