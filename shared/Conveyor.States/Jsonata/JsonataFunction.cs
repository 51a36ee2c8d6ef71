namespace Conveyor.States.Jsonata;

/// <summary>A callable value: a built-in function or a lambda closure.</summary>
internal sealed class JsonataFunction
{
    public JsonataFunction(string name, int arity, Func<IReadOnlyList<object?>, object?, object?> builtin)
    {
        Name = name;
        Arity = arity;
        Builtin = builtin;
    }

    public JsonataFunction(LambdaNode lambda, JsonataFrame closure)
    {
        Name = "lambda";
        Arity = lambda.Parameters.Count;
        Lambda = lambda;
        Closure = closure;
    }

    public string Name { get; }

    /// <summary>How many arguments higher-order functions pass (value, index, array).</summary>
    public int Arity { get; }

    /// <summary>Built-in body: (arguments, context input) → value.</summary>
    public Func<IReadOnlyList<object?>, object?, object?>? Builtin { get; }

    public LambdaNode? Lambda { get; }

    public JsonataFrame? Closure { get; }
}
