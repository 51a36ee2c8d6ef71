using Conveyor.States.Jsonata;
using Conveyor.States.Paths;

namespace Conveyor.States.Definition;

/// <summary>One Catch entry. ResultPath is <c>$</c> by default; <see cref="DiscardResult"/> for <c>null</c>.</summary>
internal sealed record CatcherDefinition(
    IReadOnlyList<string> ErrorEquals,
    string Next,
    JsonPath? ResultPath,
    bool DiscardResult,
    PayloadTemplate? AssignPath,
    JsonataTemplate? AssignJsonata,
    JsonataTemplate? Output);
