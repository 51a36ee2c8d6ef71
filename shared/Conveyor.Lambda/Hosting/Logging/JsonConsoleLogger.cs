using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Conveyor.Lambda.Hosting.Logging;

/// <summary>One category's logger; formatting lives here, output and scopes in the provider.</summary>
internal sealed class JsonConsoleLogger(string category, JsonConsoleLoggerProvider provider) : ILogger
{
    private const string OriginalFormat = "{OriginalFormat}";

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => provider.Scopes.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None && logLevel >= provider.Options.MinLevel;

    public void Log<TState>(
        LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var buffer = new ArrayBufferWriter<byte>(512);
        using (var json = new Utf8JsonWriter(buffer))
        {
            var written = new HashSet<string>(StringComparer.Ordinal);
            json.WriteStartObject();
            WriteField(json, written, "timestamp", provider.Options.TimeProvider.GetUtcNow().ToString("O", CultureInfo.InvariantCulture));
            WriteField(json, written, "level", JsonLogLevels.ToName(logLevel));
            WriteField(json, written, "category", category);
            WriteField(json, written, "message", formatter(state, exception));
            WriteField(json, written, "function", provider.Options.FunctionName);
            if (eventId.Id != 0)
            {
                WriteField(json, written, "eventId", eventId.Id);
            }

            provider.Scopes.ForEachScope(
                static (scope, target) => WriteProperties(target.json, target.written, scope),
                (json, written));
            WriteProperties(json, written, state);
            if (exception is not null)
            {
                WriteField(json, written, "errorType", exception.GetType().Name);
                WriteField(json, written, "errorMessage", exception.Message);
                WriteField(json, written, "stackTrace", exception.ToString());
            }

            json.WriteEndObject();
        }

        provider.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static void WriteProperties(Utf8JsonWriter json, HashSet<string> written, object? state)
    {
        if (state is not IEnumerable<KeyValuePair<string, object?>> pairs)
        {
            return;
        }

        foreach (var (key, value) in pairs)
        {
            if (key != OriginalFormat)
            {
                WriteField(json, written, CamelCase(key), value);
            }
        }
    }

    /// <summary>The first writer of a name wins: reserved fields and inner scopes are not overwritten by later values.</summary>
    private static void WriteField(Utf8JsonWriter json, HashSet<string> written, string name, object? value)
    {
        if (!written.Add(name))
        {
            return;
        }

        json.WritePropertyName(name);
        WriteValue(json, value);
    }

    private static void WriteValue(Utf8JsonWriter json, object? value)
    {
        switch (value)
        {
            case null: json.WriteNullValue(); break;
            case string s: json.WriteStringValue(s); break;
            case bool b: json.WriteBooleanValue(b); break;
            case int i: json.WriteNumberValue(i); break;
            case long l: json.WriteNumberValue(l); break;
            case short or byte or sbyte or ushort or uint: json.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case ulong u: json.WriteNumberValue(u); break;
            case decimal m: json.WriteNumberValue(m); break;
            case double d when double.IsFinite(d): json.WriteNumberValue(d); break;
            case float f when float.IsFinite(f): json.WriteNumberValue(f); break;
            case DateTimeOffset dto: json.WriteStringValue(dto.ToString("O", CultureInfo.InvariantCulture)); break;
            case DateTime dt: json.WriteStringValue(dt.ToString("O", CultureInfo.InvariantCulture)); break;
            case IFormattable formattable: json.WriteStringValue(formattable.ToString(null, CultureInfo.InvariantCulture)); break;
            default: json.WriteStringValue(value.ToString()); break;
        }
    }

    private static string CamelCase(string key) =>
        key.Length == 0 || char.IsLower(key[0]) ? key : string.Create(key.Length, key, static (span, k) =>
        {
            k.AsSpan().CopyTo(span);
            span[0] = char.ToLowerInvariant(span[0]);
        });
}
