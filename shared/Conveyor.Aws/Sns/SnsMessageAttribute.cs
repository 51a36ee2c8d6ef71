namespace Conveyor.Aws.Sns;

/// <summary>A message attribute (subscription filter policies match on these). <see cref="DataType"/> is String, Number or String.Array.</summary>
public sealed record SnsMessageAttribute(string Name, string StringValue, string DataType = "String");
