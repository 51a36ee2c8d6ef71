namespace Conveyor.States.Jsonata;

/// <summary>Pratt parser for the JSONata subset (see README for the supported grammar).</summary>
internal sealed class JsonataParser
{
    private readonly List<JsonataToken> _tokens;
    private int _pos;

    private JsonataParser(List<JsonataToken> tokens) => _tokens = tokens;

    public static JsonataNode Parse(string text)
    {
        var parser = new JsonataParser(JsonataLexer.Tokenize(text));
        var node = parser.Expression(0);
        if (parser.Current.Kind != JsonataTokenKind.End)
        {
            throw new JsonataException("S0201", $"Syntax error: unexpected '{parser.Current.Text}'", parser.Current.Position);
        }

        return node;
    }

    private JsonataToken Current => _tokens[_pos];

    private bool IsOperator(string op) => Current.Kind == JsonataTokenKind.Operator && Current.Text == op;

    private void Expect(string op)
    {
        if (!IsOperator(op)) { throw new JsonataException("S0202", $"Expected '{op}' but found '{Current.Text}'", Current.Position); }
        _pos++;
    }

    private int InfixPower()
    {
        var t = Current;
        if (t.Kind == JsonataTokenKind.Name)
        {
            return t.Text switch { "and" => 30, "or" => 25, "in" => 40, _ => 0 };
        }

        if (t.Kind != JsonataTokenKind.Operator) { return 0; }
        return t.Text switch
        {
            "." => 75,
            "[" or "(" => 80,
            "*" or "/" or "%" => 60,
            "+" or "-" or "&" => 50,
            "=" or "!=" or "<" or "<=" or ">" or ">=" or "~>" => 40,
            "??" or "?:" => 22,
            "?" => 20,
            ":=" => 10,
            ".." => 20,
            _ => 0,
        };
    }

    private JsonataNode Expression(int rightPower)
    {
        var left = Prefix();
        while (InfixPower() > rightPower)
        {
            left = Infix(left);
        }

        return left;
    }

    private JsonataNode Prefix()
    {
        var t = Current;
        _pos++;
        switch (t.Kind)
        {
            case JsonataTokenKind.Number: return new LiteralNode(t.Value);
            case JsonataTokenKind.String: return new LiteralNode(t.Value);
            case JsonataTokenKind.Regex: return new LiteralNode(t.Value);
            case JsonataTokenKind.Variable: return new VariableNode(t.Text);
            case JsonataTokenKind.Name:
                return t.Text switch
                {
                    "true" => new LiteralNode(true),
                    "false" => new LiteralNode(false),
                    "null" => new LiteralNode(null),
                    "function" or "λ" when IsOperator("(") => Lambda(),
                    _ => new NameNode(t.Text),
                };
            case JsonataTokenKind.Operator:
                switch (t.Text)
                {
                    case "-": return new NegateNode(Expression(70));
                    case "*": return new WildcardNode();
                    case "**": return new DescendantNode();
                    case "(":
                        var block = new List<JsonataNode>();
                        while (!IsOperator(")"))
                        {
                            block.Add(Expression(0));
                            if (IsOperator(";")) { _pos++; } else { break; }
                        }

                        Expect(")");
                        return new BlockNode(block);
                    case "[":
                        var items = new List<JsonataNode>();
                        while (!IsOperator("]"))
                        {
                            var item = Expression(0);
                            if (IsOperator("..")) { _pos++; item = new RangeNode(item, Expression(0)); }
                            items.Add(item);
                            if (IsOperator(",")) { _pos++; } else { break; }
                        }

                        Expect("]");
                        return new ArrayNode(items);
                    case "{":
                        var pairs = new List<KeyValuePair<JsonataNode, JsonataNode>>();
                        while (!IsOperator("}"))
                        {
                            var key = Expression(0);
                            Expect(":");
                            pairs.Add(new(key, Expression(0)));
                            if (IsOperator(",")) { _pos++; } else { break; }
                        }

                        Expect("}");
                        return new ObjectNode(pairs);
                }

                break;
        }

        throw new JsonataException("S0211", $"The symbol '{t.Text}' cannot be used as a unary operator", t.Position);
    }

    private LambdaNode Lambda()
    {
        Expect("(");
        var parameters = new List<string>();
        while (!IsOperator(")"))
        {
            if (Current.Kind != JsonataTokenKind.Variable) { throw new JsonataException("S0208", "Lambda parameters must be variables", Current.Position); }
            parameters.Add(Current.Text);
            _pos++;
            if (IsOperator(",")) { _pos++; }
        }

        Expect(")");
        Expect("{");
        var body = Expression(0);
        Expect("}");
        return new LambdaNode(parameters, body);
    }

    private JsonataNode Infix(JsonataNode left)
    {
        var t = Current;
        var power = InfixPower();
        _pos++;
        switch (t.Text)
        {
            case ".":
                var right = Expression(power);
                var steps = new List<JsonataNode>();
                steps.AddRange(left is PathNode lp ? lp.Steps : [left]);
                steps.AddRange(right is PathNode rp ? rp.Steps : [right]);
                return new PathNode(steps);
            case "[":
                if (IsOperator("]")) { _pos++; return new FilterNode(left, new LiteralNode(null)); }
                var predicate = Expression(0);
                Expect("]");
                return new FilterNode(left, predicate);
            case "(":
                var args = new List<JsonataNode>();
                while (!IsOperator(")"))
                {
                    args.Add(Expression(0));
                    if (IsOperator(",")) { _pos++; } else { break; }
                }

                Expect(")");
                return new CallNode(left, args);
            case "?":
                var then = Expression(0);
                JsonataNode? otherwise = null;
                if (IsOperator(":")) { _pos++; otherwise = Expression(0); }
                return new ConditionNode(left, then, otherwise);
            case ":=":
                return left is VariableNode v
                    ? new BindNode(v.Name, Expression(power - 1))
                    : throw new JsonataException("S0212", "The left side of := must be a variable name", t.Position);
            default:
                return new BinaryNode(t.Text, left, Expression(power));
        }
    }
}
