namespace Conveyor.Local.Storage;

/// <summary>One schema step: applied once, in order, recorded in <c>schema_version</c>.</summary>
public sealed record Migration(int Version, string Description, string Sql);
