using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Conveyor.Core.Ports;
using Conveyor.Core.Serialization;
using Conveyor.Core.Tasks;
using Conveyor.Lambda.Events.ApiGateway;

namespace Conveyor.Functions.Api;

/// <summary>Writes API responses: tasks in the shared task JSON shape, pages, progress summaries and error bodies.</summary>
internal static class ApiJson
{
    private static readonly IReadOnlyDictionary<string, string> JsonHeaders =
        new Dictionary<string, string>(StringComparer.Ordinal) { ["content-type"] = "application/json" };

    public static HttpApiResponse Task(int statusCode, TrackedTask task, string? location = null) =>
        Respond(statusCode, Write(task, TaskJson.Write), location);

    public static HttpApiResponse Page(TaskPage page) => Respond(200, Write(page, static (writer, p) =>
    {
        writer.WriteStartObject();
        WriteItems(writer, p.Items);
        writer.WriteString("next", p.ContinuationToken);
        writer.WriteEndObject();
    }));

    public static HttpApiResponse Items(IReadOnlyList<TrackedTask> items) => Respond(200, Write(items, static (writer, list) =>
    {
        writer.WriteStartObject();
        WriteItems(writer, list);
        writer.WriteEndObject();
    }));

    /// <summary>A task in MBC's TaskEntity shape (<see cref="MbcTaskJson"/>).</summary>
    public static HttpApiResponse MbcTask(int statusCode, TrackedTask task, string? location = null) =>
        Respond(statusCode, Write(task, MbcTaskJson.Write), location);

    /// <summary>MBC's list shape: <c>{lastSk?, items}</c>, lastSk left out on the last page as MBC leaves it undefined.</summary>
    public static HttpApiResponse MbcList(IReadOnlyList<TrackedTask> items, string? lastSk) => Respond(200, Write((items, lastSk), static (writer, page) =>
    {
        writer.WriteStartObject();
        if (page.lastSk is not null)
        {
            writer.WriteString("lastSk", page.lastSk);
        }

        writer.WriteStartArray("items");
        foreach (var item in page.items)
        {
            MbcTaskJson.Write(writer, item);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }));

    public static HttpApiResponse Progress(ProgressSummary summary) => Respond(200, Write(summary, ProgressSummaryJson.Write));

    public static HttpApiResponse Error(int statusCode, string type, string message, string requestId, string? allow = null)
    {
        var body = Write((type, message, requestId), static (writer, error) =>
        {
            writer.WriteStartObject();
            writer.WriteStartObject("error");
            writer.WriteString("type", error.type);
            writer.WriteString("message", error.message);
            writer.WriteEndObject();
            writer.WriteString("requestId", error.requestId);
            writer.WriteEndObject();
        });
        var headers = new Dictionary<string, string>(JsonHeaders, StringComparer.Ordinal);
        if (allow is not null)
        {
            headers["allow"] = allow;
        }

        return new HttpApiResponse { StatusCode = statusCode, Headers = headers, Body = body };
    }

    internal static HttpApiResponse Respond(int statusCode, string body, string? location = null)
    {
        var headers = JsonHeaders;
        if (location is not null)
        {
            headers = new Dictionary<string, string>(JsonHeaders, StringComparer.Ordinal) { ["location"] = location };
        }

        return new HttpApiResponse { StatusCode = statusCode, Headers = headers, Body = body };
    }

    private static void WriteItems(Utf8JsonWriter writer, IReadOnlyList<TrackedTask> items)
    {
        writer.WriteStartArray("items");
        foreach (var item in items)
        {
            TaskJson.Write(writer, item);
        }

        writer.WriteEndArray();
    }

    /// <summary>
    /// Response bodies are <c>application/json</c>, never HTML, so only what JSON requires is escaped: a <c>+</c>, an
    /// <c>é</c> or a <c>&lt;</c> in user input comes back as written (the default encoder sent <c>\u002B</c>). The
    /// dashboard puts values into the page as text, never as markup.
    /// </summary>
    private static readonly JsonWriterOptions ResponseWriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    internal static string Write<T>(T value, Action<Utf8JsonWriter, T> write)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, ResponseWriterOptions))
        {
            write(writer, value);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
