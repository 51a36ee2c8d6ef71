namespace Local.Commands.Invoke;

/// <summary>The options of <c>conveyor invoke</c>.</summary>
internal sealed record InvokeRequest(
    string Function,
    FileInfo Event,
    FileInfo? EnvVars,
    Uri? EndpointUrl,
    TimeSpan? Timeout,
    string Configuration,
    bool NoBuild);
