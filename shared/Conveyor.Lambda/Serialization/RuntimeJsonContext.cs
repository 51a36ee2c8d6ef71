using System.Text.Json.Serialization;
using Conveyor.Lambda.ExceptionHandling;

namespace Conveyor.Lambda.Serialization;

/// <summary>Source-generated metadata for the bodies the runtime itself writes (no reflection at run time).</summary>
[JsonSerializable(typeof(LambdaError))]
public sealed partial class RuntimeJsonContext : JsonSerializerContext;
