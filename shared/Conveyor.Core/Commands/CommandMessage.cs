using System.Text.Json;

namespace Conveyor.Core.Commands;

/// <summary>A command sent to an aggregate: <c>{id, meta{service, user, time, msgId, correlationId, causationId?}, command}</c>.</summary>
/// <param name="Id">The aggregate instance the command addresses (e.g. the customer id).</param>
public sealed record CommandMessage(string Id, CommandMeta Meta, JsonElement Command);
