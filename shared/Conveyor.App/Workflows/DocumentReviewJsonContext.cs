using System.Text.Json.Serialization;

namespace Conveyor.App.Workflows;

/// <summary>Source-generated JSON metadata for everything the document review checkpoints.</summary>
[JsonSerializable(typeof(DocumentReviewRequest))]
[JsonSerializable(typeof(DocumentReviewResult))]
[JsonSerializable(typeof(DocumentFacts))]
[JsonSerializable(typeof(ReviewDecision))]
public sealed partial class DocumentReviewJsonContext : JsonSerializerContext;
