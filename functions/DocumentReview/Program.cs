// The DocumentReview durable function: wiring only. Behaviour lives in DocumentReviewHandler (shared/Conveyor.Functions) and DocumentReviewWorkflow (shared/Conveyor.App), the adapters in
// shared/Conveyor.Aws, the application's tasks in shared/Conveyor.App.
using Conveyor.App;
using Conveyor.Aws.Hosting;
using Conveyor.Functions;
using Conveyor.Functions.DocumentReview;
using Conveyor.Lambda.Hosting;

var app = LambdaApplication.CreateBuilder(args);
app.Services
    .AddConveyorAws(app.Configuration)
    .AddConveyorFunctionServices(app.Configuration)
    .AddConveyorApp(app.Configuration)
    .AddConveyorWorkflows();
return await DocumentReviewHandler.Function.RunAsync(app);
