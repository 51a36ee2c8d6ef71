namespace Conveyor.Durable;

/// <summary>A workflow: ordinary async C# over an <see cref="IDurableContext"/>.</summary>
public delegate Task<TOut> DurableWorkflow<TIn, TOut>(TIn input, IDurableContext context, CancellationToken cancellationToken);
