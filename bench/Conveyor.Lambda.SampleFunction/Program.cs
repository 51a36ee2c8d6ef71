using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.SampleFunction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

var app = LambdaApplication.CreateBuilder(args);
// .NET's own start-up validation, which the host runs during init: a missing Greeting__Salutation is an init error.
app.Services.AddOptions<GreetingOptions>()
    .Configure<IConfiguration>((options, configuration) => configuration.GetSection(GreetingOptions.Section).Bind(options))
    .ValidateOnStart();
app.Services.AddSingleton<IValidateOptions<GreetingOptions>, GreetingOptionsValidator>();
app.Services.AddSingleton<Greeter>();
app.Services.AddScoped<GreetingHandler>();
return await app.RunAsync<GreetingHandler>();
