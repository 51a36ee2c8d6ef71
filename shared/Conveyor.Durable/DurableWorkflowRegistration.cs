namespace Conveyor.Durable;

/// <summary>
/// A durable workflow the application offers: its name (what callers start, e.g. <c>document-review</c>; also the type of
/// the task that tracks each execution), the durable function that runs it (<c>DocumentReview</c> on AWS; locally the
/// engine invokes it by this name), and the function itself, built when first invoked (starting, listing and answering
/// executions need only the names).
/// </summary>
public sealed record DurableWorkflowRegistration(string Name, string FunctionName, Lazy<IDurableFunction> Function);
