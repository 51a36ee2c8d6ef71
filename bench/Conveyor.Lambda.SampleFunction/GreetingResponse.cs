namespace Conveyor.Lambda.SampleFunction;

public sealed record GreetingResponse(string Message, string RequestId, string FunctionName);
