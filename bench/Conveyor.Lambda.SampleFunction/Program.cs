using Conveyor.Lambda.Hosting;
using Conveyor.Lambda.SampleFunction;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

var app = LambdaApplication.CreateBuilder(args);
app.AddValidatedOptions<GreetingOptions, GreetingOptionsValidator>(
    (options, configuration) => configuration.GetSection(GreetingOptions.Section).Bind(options));
app.Services.AddSingleton<Greeter>();
app.Services.AddScoped<GreetingHandler>();
return await app.RunAsync<GreetingHandler>();
