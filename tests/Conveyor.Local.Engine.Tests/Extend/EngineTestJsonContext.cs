using System.Text.Json.Serialization;

namespace Conveyor.Local.Engine.Tests.Extend;

[JsonSerializable(typeof(string))]
internal sealed partial class EngineTestJsonContext : JsonSerializerContext;
