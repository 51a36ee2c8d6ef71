namespace Conveyor.Durable.Protocol;

/// <summary>The service's operation <c>Type</c> values.</summary>
public static class OperationTypes
{
    public const string Execution = "EXECUTION";
    public const string Context = "CONTEXT";
    public const string Step = "STEP";
    public const string Wait = "WAIT";
    public const string Callback = "CALLBACK";
    public const string ChainedInvoke = "CHAINED_INVOKE";
}
