using System.Text.Json.Serialization;

namespace Conveyor.Local.Tasks;

/// <summary>Source-generated JSON for continuation-token scopes (AOT-safe).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class ScopeJson : JsonSerializerContext;
