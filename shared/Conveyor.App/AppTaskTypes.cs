namespace Conveyor.App;

/// <summary>The task types this application defines processors for.</summary>
public static class AppTaskTypes
{
    /// <summary>A step-function task with one subtask per CSV row.</summary>
    public const string CsvImport = "csv-import";

    /// <summary>Looks at an uploaded document, five minutes after the upload.</summary>
    public const string ProcessDocument = "process-document";

    /// <summary>Returns its input; fails on request (<c>"fail": "permanent" | "transient"</c>). For trying things out.</summary>
    public const string Echo = "echo";
}
