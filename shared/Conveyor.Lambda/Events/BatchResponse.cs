using System.Text.Json.Serialization;

namespace Conveyor.Lambda.Events;

/// <summary>
/// The partial batch response of SQS and DynamoDB stream event source mappings (needs
/// <c>FunctionResponseTypes: [ReportBatchItemFailures]</c>). An empty list means the whole batch succeeded.
/// </summary>
public sealed record BatchResponse
{
    [JsonPropertyName("batchItemFailures")]
    public IReadOnlyList<BatchItemFailure> BatchItemFailures { get; set; } = [];
}
