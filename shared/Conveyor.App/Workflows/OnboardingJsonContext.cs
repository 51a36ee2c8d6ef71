using System.Text.Json.Serialization;

namespace Conveyor.App.Workflows;

/// <summary>Source-generated JSON metadata for everything the onboarding checkpoints.</summary>
[JsonSerializable(typeof(OnboardingRequest))]
[JsonSerializable(typeof(OnboardingResult))]
[JsonSerializable(typeof(ReviewDecision))]
[JsonSerializable(typeof(string))]
public sealed partial class OnboardingJsonContext : JsonSerializerContext;
