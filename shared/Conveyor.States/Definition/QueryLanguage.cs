namespace Conveyor.States.Definition;

/// <summary>The query language of a state machine or state.</summary>
public enum QueryLanguage
{
    JsonPath,
    Jsonata,
}
