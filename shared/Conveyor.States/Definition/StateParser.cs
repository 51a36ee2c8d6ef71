using System.Text.Json.Nodes;
using Conveyor.States.Errors;
using Conveyor.States.Json;
using Conveyor.States.Jsonata;

namespace Conveyor.States.Definition;

/// <summary>Parses one state object into a <see cref="StateDefinition"/>, reporting problems instead of throwing.</summary>
internal static class StateParser
{
    private static readonly string[] WaitFields = ["Seconds", "Timestamp", "SecondsPath", "TimestampPath"];

    public static StateDefinition? Parse(string name, JsonNode? node, QueryLanguage inherited, List<string> problems)
    {
        if (node is not JsonObject obj)
        {
            problems.Add($"State '{name}': must be an object");
            return null;
        }

        var r = new FieldReader(obj, $"State '{name}'", problems);
        var typeName = r.String("Type", required: true);
        if (typeName is null) { return null; }
        if (!Enum.TryParse<StateType>(typeName, ignoreCase: false, out var type) || !Enum.IsDefined(type))
        {
            r.Problem($"unknown state type '{typeName}'");
            return null;
        }

        var language = ParseLanguage(r, inherited);
        var jsonata = language == QueryLanguage.Jsonata;
        foreach (var (field, _) in obj)
        {
            if (!FieldRules.IsAllowed(type, field)) { r.Problem($"field '{field}' is not allowed in a {type} state"); }
            else if (FieldRules.LanguageProblem(language, field) is { } problem) { r.Problem(problem); }
        }

        var next = r.String("Next");
        var end = r.Bool("End");
        if (type is StateType.Pass or StateType.Task or StateType.Wait or StateType.Parallel or StateType.Map)
        {
            if (next is null && !end) { r.Problem("must have either 'Next' or 'End': true"); }
            if (next is not null && end) { r.Problem("cannot have both 'Next' and 'End'"); }
        }

        var mapProcessor = type == StateType.Map ? MapParser.Parse(r, language) : null;
        return new StateDefinition
        {
            Name = name,
            Type = type,
            QueryLanguage = language,
            Next = next,
            End = end,
            InputPath = r.Path("InputPath", out var inputNull),
            InputPathIsNull = inputNull,
            OutputPath = r.Path("OutputPath", out var outputNull),
            OutputPathIsNull = outputNull,
            ResultPath = r.Path("ResultPath", out var resultNull, reference: true),
            ResultPathIsNull = resultNull,
            Parameters = type == StateType.Map ? null : r.Payload("Parameters"),
            ResultSelector = r.Payload("ResultSelector"),
            HasResult = r.Has("Result"),
            Result = r.Raw("Result"),
            AssignPath = jsonata ? null : Assign(r),
            AssignJsonata = jsonata ? AssignTemplate(r) : null,
            Arguments = r.Jsonata("Arguments"),
            Output = r.Jsonata("Output"),
            Retry = ParseRetry(r),
            Catch = ParseCatch(r, jsonata),
            Resource = type == StateType.Task ? r.String("Resource", required: true) : null,
            TimeoutSeconds = r.NumberOrTemplate("TimeoutSeconds", jsonata, 1),
            TimeoutSecondsPath = r.Path("TimeoutSecondsPath", reference: true),
            HeartbeatSeconds = r.NumberOrTemplate("HeartbeatSeconds", jsonata, 1),
            HeartbeatSecondsPath = r.Path("HeartbeatSecondsPath", reference: true),
            Choices = type == StateType.Choice ? ChoiceRuleParser.ParseChoices(r, jsonata) : [],
            Default = r.String("Default"),
            Seconds = r.NumberOrTemplate("Seconds", jsonata, 0),
            Timestamp = r.Jsonata("Timestamp"),
            SecondsPath = r.Path("SecondsPath", reference: true),
            TimestampPath = r.Path("TimestampPath", reference: true),
            Error = r.Jsonata("Error"),
            Cause = r.Jsonata("Cause"),
            ErrorPath = DynamicString(r, "ErrorPath"),
            CausePath = DynamicString(r, "CausePath"),
            Branches = type == StateType.Parallel ? ParseBranches(r, language) : [],
            Map = mapProcessor,
        }.Also(s => CheckExclusive(r, s));
    }

    private static QueryLanguage ParseLanguage(FieldReader r, QueryLanguage inherited)
    {
        var text = r.String("QueryLanguage");
        switch (text)
        {
            case null: return inherited;
            case "JSONata": return QueryLanguage.Jsonata;
            case "JSONPath":
                if (inherited == QueryLanguage.Jsonata) { r.Problem("a state cannot use JSONPath when the state machine uses JSONata"); }
                return QueryLanguage.JsonPath;
            default:
                r.Problem($"QueryLanguage must be 'JSONPath' or 'JSONata', not '{text}'");
                return inherited;
        }
    }

    private static void CheckExclusive(FieldReader r, StateDefinition s)
    {
        void OneOf(params string[] fields)
        {
            if (fields.Count(r.Has) > 1) { r.Problem($"only one of {string.Join(", ", fields)} may be given"); }
        }

        OneOf("TimeoutSeconds", "TimeoutSecondsPath");
        OneOf("HeartbeatSeconds", "HeartbeatSecondsPath");
        OneOf("Error", "ErrorPath");
        OneOf("Cause", "CausePath");
        OneOf("ItemsPath", "Items");
        OneOf("ItemProcessor", "Iterator");
        OneOf("ItemSelector", "Parameters");
        if (s.Type == StateType.Wait && WaitFields.Count(r.Has) != 1)
        {
            r.Problem("a Wait state needs exactly one of Seconds, Timestamp, SecondsPath, TimestampPath");
        }
    }

    internal static Paths.PayloadTemplate? Assign(FieldReader r) => r.Has("Assign") ? CheckAssign(r, r.Payload("Assign")) : null;

    private static Paths.PayloadTemplate? CheckAssign(FieldReader r, Paths.PayloadTemplate? template)
    {
        if (r.Raw("Assign") is not JsonObject) { r.Problem("'Assign' must be an object"); }
        return template;
    }

    internal static JsonataTemplate? AssignTemplate(FieldReader r)
    {
        if (r.Has("Assign") && r.Raw("Assign") is not JsonObject) { r.Problem("'Assign' must be an object"); }
        return r.Jsonata("Assign");
    }

    private static Paths.PayloadTemplate? DynamicString(FieldReader r, string field)
    {
        if (r.String(field) is not { } text) { return null; }
        return Paths.PayloadTemplate.Compile(new JsonObject { ["value.$"] = text }, $"{r.Location}: {field}", r.Problems);
    }

    private static List<RetrierDefinition> ParseRetry(FieldReader r)
    {
        var list = new List<RetrierDefinition>();
        if (!r.Has("Retry")) { return list; }
        if (r.Raw("Retry") is not JsonArray array) { r.Problem("'Retry' must be an array"); return list; }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject o) { r.Problem($"Retry[{i}] must be an object"); continue; }
            var rr = new FieldReader(o, $"{r.Location} Retry[{i}]", r.Problems);
            var errors = ErrorEquals(rr, i == array.Count - 1);
            var jitter = rr.String("JitterStrategy");
            if (jitter is not null and not "FULL" and not "NONE") { rr.Problem("JitterStrategy must be FULL or NONE"); }
            list.Add(new RetrierDefinition(
                errors,
                rr.Number("IntervalSeconds", 1) ?? 1,
                (int)(rr.Number("MaxAttempts", 0) ?? 3),
                rr.Number("BackoffRate", 1) ?? 2.0,
                rr.Number("MaxDelaySeconds", 1),
                jitter == "FULL"));
        }

        return list;
    }

    private static List<CatcherDefinition> ParseCatch(FieldReader r, bool jsonata)
    {
        var list = new List<CatcherDefinition>();
        if (!r.Has("Catch")) { return list; }
        if (r.Raw("Catch") is not JsonArray array) { r.Problem("'Catch' must be an array"); return list; }
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is not JsonObject o) { r.Problem($"Catch[{i}] must be an object"); continue; }
            var cr = new FieldReader(o, $"{r.Location} Catch[{i}]", r.Problems);
            var errors = ErrorEquals(cr, i == array.Count - 1);
            foreach (var (field, _) in o)
            {
                if (field is not ("ErrorEquals" or "Next" or "ResultPath" or "Assign" or "Output" or "Comment")) { cr.Problem($"field '{field}' is not allowed in a Catcher"); }
                else if (FieldRules.LanguageProblem(jsonata ? QueryLanguage.Jsonata : QueryLanguage.JsonPath, field) is { } p) { cr.Problem(p); }
            }

            list.Add(new CatcherDefinition(
                errors,
                cr.String("Next", required: true) ?? string.Empty,
                cr.Path("ResultPath", out var discard, reference: true),
                discard,
                jsonata ? null : Assign(cr),
                jsonata ? AssignTemplate(cr) : null,
                cr.Jsonata("Output")));
        }

        return list;
    }

    private static List<string> ErrorEquals(FieldReader r, bool isLast)
    {
        if (r.Raw("ErrorEquals") is not JsonArray array || array.Count == 0)
        {
            r.Problem("'ErrorEquals' must be a non-empty array of error names");
            return [];
        }

        var errors = array.Select(JsonUtil.GetString).OfType<string>().ToList();
        if (errors.Contains(StatesErrorNames.All) && (errors.Count > 1 || !isLast))
        {
            r.Problem("'States.ALL' must appear alone in ErrorEquals and only in the last Retrier/Catcher");
        }

        return errors;
    }

    private static List<StateGraph> ParseBranches(FieldReader r, QueryLanguage language)
    {
        if (r.Raw("Branches") is not JsonArray array || array.Count == 0)
        {
            r.Problem("'Branches' must be a non-empty array");
            return [];
        }

        var graphs = new List<StateGraph>();
        for (var i = 0; i < array.Count; i++)
        {
            if (GraphParser.Parse(array[i], language, $"{r.Location} Branches[{i}]", r.Problems) is { } graph) { graphs.Add(graph); }
        }

        return graphs;
    }

    private static T Also<T>(this T value, Action<T> action)
    {
        action(value);
        return value;
    }
}
