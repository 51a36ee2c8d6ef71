namespace Conveyor.States.Definition;

/// <summary>Which fields each state type accepts, and which belong to only one query language.</summary>
internal static class FieldRules
{
    private static readonly string[] Common = ["Type", "Comment", "QueryLanguage"];

    private static readonly Dictionary<StateType, HashSet<string>> Allowed = new()
    {
        [StateType.Pass] = Set("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultPath", "Result", "Assign", "Output"),
        [StateType.Task] = Set("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Resource", "Retry", "Catch",
            "TimeoutSeconds", "TimeoutSecondsPath", "HeartbeatSeconds", "HeartbeatSecondsPath", "Credentials", "Assign", "Arguments", "Output"),
        [StateType.Choice] = Set("InputPath", "OutputPath", "Choices", "Default", "Assign", "Output"),
        [StateType.Wait] = Set("Next", "End", "InputPath", "OutputPath", "Seconds", "Timestamp", "SecondsPath", "TimestampPath", "Assign", "Output"),
        [StateType.Succeed] = Set("InputPath", "OutputPath", "Output"),
        [StateType.Fail] = Set("Error", "Cause", "ErrorPath", "CausePath"),
        [StateType.Parallel] = Set("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Branches", "Retry", "Catch",
            "Assign", "Arguments", "Output"),
        [StateType.Map] = Set("Next", "End", "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "ItemsPath", "Items", "ItemSelector",
            "ItemProcessor", "Iterator", "MaxConcurrency", "MaxConcurrencyPath", "ItemReader", "ItemBatcher", "ResultWriter", "ToleratedFailureCount",
            "ToleratedFailurePercentage", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Label", "Retry", "Catch", "Assign", "Arguments", "Output"),
    };

    private static readonly HashSet<string> JsonPathOnly =
    [
        "InputPath", "OutputPath", "Parameters", "ResultSelector", "ResultPath", "Result", "ItemsPath", "TimeoutSecondsPath", "HeartbeatSecondsPath",
        "SecondsPath", "TimestampPath", "ErrorPath", "CausePath", "MaxConcurrencyPath", "ToleratedFailureCountPath", "ToleratedFailurePercentagePath", "Iterator",
    ];

    private static readonly HashSet<string> JsonataOnly = ["Arguments", "Output", "Items"];

    public static bool IsAllowed(StateType type, string field) => Common.Contains(field) || Allowed[type].Contains(field);

    public static string? LanguageProblem(QueryLanguage language, string field) => language switch
    {
        QueryLanguage.Jsonata when JsonPathOnly.Contains(field) => $"the field '{field}' is not supported with QueryLanguage JSONata",
        QueryLanguage.JsonPath when JsonataOnly.Contains(field) => $"the field '{field}' requires QueryLanguage JSONata",
        _ => null,
    };

    private static HashSet<string> Set(params string[] fields) => new(fields, StringComparer.Ordinal);
}
