// The ScheduleTarget function: wiring only. Behaviour lives in ScheduleTargetHandler (shared/Conveyor.Functions), the adapters in
// shared/Conveyor.Aws, the application's tasks in shared/Conveyor.App.
using Conveyor.App;
using Conveyor.Aws.Hosting;
using Conveyor.Functions;
using Conveyor.Functions.ScheduleTarget;
using Conveyor.Lambda.Hosting;

var app = LambdaApplication.CreateBuilder(args);
app.Services
    .AddConveyorAws(app.Configuration)
    .AddConveyorFunctionServices(app.Configuration)
    .AddConveyorApp(app.Configuration);
return await ScheduleTargetHandler.Function.RunAsync(app);
