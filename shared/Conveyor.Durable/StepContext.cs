using Microsoft.Extensions.Logging;

namespace Conveyor.Durable;

/// <summary>What a step's body knows about itself: its operation id, name and 1-based attempt number.</summary>
public sealed record StepContext(string OperationId, string Name, int Attempt, ILogger Logger);
