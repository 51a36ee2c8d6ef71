namespace Conveyor.Durable.Protocol;

/// <summary>The <c>Action</c> of an <see cref="OperationUpdate"/>.</summary>
public static class OperationActions
{
    public const string Start = "START";
    public const string Succeed = "SUCCEED";
    public const string Fail = "FAIL";
    public const string Retry = "RETRY";
    public const string Cancel = "CANCEL";
}
