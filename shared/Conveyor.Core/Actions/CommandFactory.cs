using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Conveyor.Core.Commands;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Actions;

/// <summary>Builds <see cref="CommandMessage"/>s with complete meta: service, user, time from the clock, message and correlation ids.</summary>
public sealed class CommandFactory(string serviceName, TimeProvider clock)
{
    private readonly string _serviceName = string.IsNullOrWhiteSpace(serviceName)
        ? throw new ValidationException("A command factory needs the service name recorded in meta.service.", nameof(serviceName))
        : serviceName;

    private readonly TimeProvider _clock = clock ?? throw new ArgumentNullException(nameof(clock));

    /// <param name="id">The aggregate instance the command addresses.</param>
    /// <param name="msgIdSeed">When set, <c>meta.msgId</c> is derived from it (same seed, same id), so a command re-sent for a
    /// redelivered event is recognisable as a duplicate; otherwise a new random id.</param>
    public CommandMessage Create(
        string id,
        JsonElement command,
        string user,
        string correlationId,
        string? causationId = null,
        string? msgIdSeed = null)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            throw new ValidationException("A command needs the id of the aggregate instance it addresses.", nameof(id));
        }

        if (command.ValueKind != JsonValueKind.Object)
        {
            throw new ValidationException($"A command must be a JSON object; got {command.ValueKind}.", nameof(command));
        }

        ArgumentException.ThrowIfNullOrWhiteSpace(user);
        ArgumentException.ThrowIfNullOrWhiteSpace(correlationId);
        var msgId = msgIdSeed is null ? Guid.NewGuid() : DeterministicGuid(msgIdSeed);
        return new CommandMessage(
            id,
            new CommandMeta(_serviceName, user, _clock.GetUtcNow(), msgId.ToString(), correlationId, causationId),
            command.Clone());
    }

    /// <summary>A name-based (version 5 layout) GUID of <paramref name="seed"/>, built on SHA-256 rather than SHA-1.</summary>
    public static Guid DeterministicGuid(string seed)
    {
        ArgumentNullException.ThrowIfNull(seed);
        Span<byte> bytes = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(seed), bytes);
        bytes[6] = (byte)((bytes[6] & 0x0F) | 0x50);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes[..16], bigEndian: true);
    }
}
