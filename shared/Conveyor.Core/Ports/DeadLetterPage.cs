namespace Conveyor.Core.Ports;

/// <summary>A page of dead letters, newest first; <see cref="Next"/> asks for the following page (null on the last).</summary>
public sealed record DeadLetterPage(IReadOnlyList<StoredDeadLetter> Items, string? Next);
