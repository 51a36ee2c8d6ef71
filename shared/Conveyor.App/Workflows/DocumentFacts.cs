namespace Conveyor.App.Workflows;

/// <summary>What the extract step learned about the document.</summary>
public sealed record DocumentFacts(long Size, string? ContentType);
