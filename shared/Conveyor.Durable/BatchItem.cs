using Conveyor.Durable.Protocol;

namespace Conveyor.Durable;

/// <summary>One item's outcome: its result when it succeeded, its error when it failed.</summary>
public sealed record BatchItem<T>(int Index, BatchItemStatus Status, T? Result, ErrorObject? Error);
