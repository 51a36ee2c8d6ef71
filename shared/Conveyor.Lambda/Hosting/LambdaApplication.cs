namespace Conveyor.Lambda.Hosting;

/// <summary>Entry point of a function's <c>Program.cs</c>: <c>var app = LambdaApplication.CreateBuilder(args);</c>.</summary>
public static class LambdaApplication
{
    public static LambdaApplicationBuilder CreateBuilder(string[] args) =>
        new(new LambdaApplicationOptions { Args = args });

    /// <summary>Creates a builder with replaced collaborators (tests, the local CLI).</summary>
    public static LambdaApplicationBuilder CreateBuilder(LambdaApplicationOptions options) => new(options);
}
