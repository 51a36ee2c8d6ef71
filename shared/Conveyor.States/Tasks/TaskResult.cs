using System.Text.Json.Nodes;

namespace Conveyor.States.Tasks;

/// <summary>
/// What an invoker returns. For <c>lambda:invoke</c> the interpreter wraps <see cref="Output"/> as
/// <c>{ExecutedVersion, Payload, StatusCode, ...}</c> unless <see cref="IsServiceResponse"/> says it is already the full response.
/// </summary>
public sealed record TaskResult(JsonNode? Output, bool IsServiceResponse = false);
