using System.Text.Json.Serialization;

namespace Conveyor.Durable.Tests;

[JsonSerializable(typeof(OrderInput))]
[JsonSerializable(typeof(int[]))]
public sealed partial class BatchJsonContext : JsonSerializerContext;
