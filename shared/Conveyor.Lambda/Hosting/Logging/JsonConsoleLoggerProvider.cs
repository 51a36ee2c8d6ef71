using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>
/// Writes one JSON object per log entry, one per line: <c>timestamp, level, category, message, function, requestId,
/// traceId</c>, then scope values (<c>taskKey</c>, <c>tenant</c>, …), the message template's values and the exception.
/// Lambda forwards each stdout line to CloudWatch Logs, where the JSON is queryable. No reflection: values are written
/// by their runtime type.
/// </summary>
[ProviderAlias("JsonConsole")]
public sealed class JsonConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    private readonly ConcurrentDictionary<string, JsonConsoleLogger> _loggers = new(StringComparer.Ordinal);
    private readonly JsonLogOptions _options;
    private readonly Lock _writeLock = new();
    private IExternalScopeProvider _scopes = new LoggerExternalScopeProvider();

    public JsonConsoleLoggerProvider(JsonLogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
    }

    public ILogger CreateLogger(string categoryName) =>
        _loggers.GetOrAdd(categoryName, name => new JsonConsoleLogger(name, this));

    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => _scopes = scopeProvider;

    public void Dispose() => _loggers.Clear();

    internal IExternalScopeProvider Scopes => _scopes;

    internal JsonLogOptions Options => _options;

    internal void WriteLine(string line)
    {
        lock (_writeLock)
        {
            _options.Output.WriteLine(line);
            _options.Output.Flush();
        }
    }
}
