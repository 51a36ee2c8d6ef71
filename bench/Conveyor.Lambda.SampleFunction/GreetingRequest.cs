namespace Conveyor.Lambda.SampleFunction;

/// <summary><c>{"name":"Ada","fail":false}</c>; <c>fail</c> makes the handler throw <see cref="GreetingFailedException"/>.</summary>
public sealed record GreetingRequest(string Name, bool Fail = false);
