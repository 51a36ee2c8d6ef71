using Microsoft.Extensions.Options;

namespace Conveyor.Lambda.SampleFunction;

public sealed class Greeter(IOptions<GreetingOptions> options)
{
    public string Greet(string name) => $"{options.Value.Salutation}, {name}!";
}
