using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Paths;

namespace Conveyor.States.Intrinsics;

/// <summary>An argument or call in an intrinsic function expression such as <c>States.Format('{}', $.a)</c>.</summary>
internal abstract class IntrinsicExpression
{
    public abstract JsonNode? Evaluate(PathContext context, string field);
}

internal sealed class IntrinsicLiteral(JsonNode? value) : IntrinsicExpression
{
    public JsonNode? Value { get; } = value;

    public override JsonNode? Evaluate(PathContext context, string field) => Value?.DeepClone();
}

internal sealed class IntrinsicPath(JsonPath path) : IntrinsicExpression
{
    public override JsonNode? Evaluate(PathContext context, string field)
    {
        if (!context.TryResolve(path, out var value))
        {
            throw new StatesException(StatesErrorNames.Runtime,
                $"The JSONPath '{path.Text}' used as an argument in the field '{field}' could not be found");
        }

        return value;
    }
}

internal sealed class IntrinsicCall(string name, IReadOnlyList<IntrinsicExpression> arguments) : IntrinsicExpression
{
    public string Name { get; } = name;

    public IReadOnlyList<IntrinsicExpression> Arguments { get; } = arguments;

    public override JsonNode? Evaluate(PathContext context, string field)
    {
        var args = new JsonNode?[Arguments.Count];
        for (var i = 0; i < args.Length; i++)
        {
            args[i] = Arguments[i].Evaluate(context, field);
        }

        return IntrinsicFunctions.Invoke(Name, args, field);
    }
}
