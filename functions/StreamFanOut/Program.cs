// The StreamFanOut function: wiring only. Behaviour lives in StreamFanOutHandler (shared/Conveyor.Functions), the adapters in
// shared/Conveyor.Aws, the application's tasks in shared/Conveyor.App.
using Conveyor.App;
using Conveyor.Aws.Hosting;
using Conveyor.Functions;
using Conveyor.Functions.StreamFanOut;
using Conveyor.Lambda.Hosting;

var app = LambdaApplication.CreateBuilder(args);
app.Services
    .AddConveyorAws(app.Configuration)
    .AddConveyorFunctionServices(app.Configuration)
    .AddConveyorApp(app.Configuration);
return await StreamFanOutHandler.Function.RunAsync(app);
