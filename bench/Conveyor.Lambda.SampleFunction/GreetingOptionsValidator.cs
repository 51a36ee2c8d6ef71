using Microsoft.Extensions.Options;

namespace Conveyor.Lambda.SampleFunction;

/// <summary>Source-generated DataAnnotations validation (no reflection, AOT-clean).</summary>
[OptionsValidator]
public sealed partial class GreetingOptionsValidator : IValidateOptions<GreetingOptions>;
