using System.Text.Json.Serialization;

namespace Conveyor.Durable.Tests;

public sealed record OrderInput(string OrderId, int Items);

public sealed record Receipt(string OrderId, string Status, int Total);

[JsonSerializable(typeof(OrderInput))]
[JsonSerializable(typeof(Receipt))]
public sealed partial class TestJsonContext : JsonSerializerContext;
