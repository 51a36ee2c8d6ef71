using System.ComponentModel.DataAnnotations;

namespace Conveyor.Lambda.SampleFunction;

/// <summary>Bound from the <c>Greeting</c> section (environment: <c>Greeting__Salutation</c>).</summary>
public sealed class GreetingOptions
{
    public const string Section = "Greeting";

    [Required]
    public string Salutation { get; set; } = "";
}
