namespace Conveyor.Aws.DynamoDb;

/// <summary>
/// Attribute names of a task item, shared by the store and the stream decoder. Names follow the MBC CQRS Serverless
/// task table (<c>tenantCode</c>, <c>input</c>, <c>attributes</c>) so its users can migrate.
/// </summary>
internal static class TaskItemAttributes
{
    public const string Pk = "pk";
    public const string Sk = "sk";
    public const string Id = "id";
    public const string Kind = "kind";
    public const string Tenant = "tenantCode";
    public const string Type = "type";
    public const string Name = "name";
    public const string Status = "status";
    public const string Version = "version";
    public const string Input = "input";
    public const string Result = "result";
    public const string Error = "error";
    public const string Attributes = "attributes";
    public const string CreatedAt = "createdAt";
    public const string UpdatedAt = "updatedAt";
    public const string CreatedBy = "createdBy";
    public const string RequestId = "requestId";
    public const string ParentPk = "parentPk";
    public const string ParentSk = "parentSk";

    /// <summary>Key of the map that replaces an input/result moved to S3: <c>{"$ref":"s3://bucket/key"}</c>.</summary>
    public const string Reference = "$ref";

    public const string KindTask = "TASK";
    public const string KindStepFunction = "SFN_TASK";
    public const string KindSubTask = "SUB_TASK";
}
