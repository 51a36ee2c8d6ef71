using Conveyor.Durable.Protocol;

namespace Conveyor.Local.Durable;

/// <summary>An execution the engine must invoke now: its function and the envelope (with a fresh checkpoint token).</summary>
public sealed record DurableInvocationClaim(string Arn, string FunctionName, DurableInvocationInput Envelope);
