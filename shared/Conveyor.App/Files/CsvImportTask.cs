using System.Buffers;
using System.Text;
using System.Text.Json;
using Conveyor.App.Csv;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Ports;
using Conveyor.Core.Services;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Logging;

namespace Conveyor.App.Files;

/// <summary>
/// CSV import: an uploaded CSV becomes one step-function task of type <c>csv-import</c> whose input has one JSON object
/// per data row, keyed by the header line; the workflow then runs <see cref="Processors.CsvImportRowProcessor"/> once per row.
/// </summary>
/// <remarks>
/// The object is read as a stream through <see cref="IObjectStore"/> (never loaded whole as text). A CSV without data
/// rows, like a malformed one, fails with <see cref="CsvFormatException"/>: it starts nothing, and FileTrigger records
/// the file as a FAILED task with the message. The task's idempotency key is derived from the event by FileTrigger,
/// so a redelivered upload event finds the task it created.
/// </remarks>
public sealed partial class CsvImportTask(IObjectStore objects, AppOptions options, ILogger<CsvImportTask> logger) : IFileTask
{
    public const string TaskName = "CsvImport";

    private readonly IObjectStore _objects = objects ?? throw new ArgumentNullException(nameof(objects));
    private readonly AppOptions _options = options ?? throw new ArgumentNullException(nameof(options));
    private readonly ILogger _logger = logger ?? throw new ArgumentNullException(nameof(logger));

    public string Name => TaskName;

    public FileTaskSetup Setup(FileTaskContext context) => new(
        [new BucketDefinition(null, BucketMode.Read, OnEventAsync)],
        [FileTaskSideEffect.StartsTasks(AppTaskTypes.CsvImport)]);

    /// <summary>The rows of a CSV as a JSON array of objects keyed by the header; the count of data rows.</summary>
    /// <exception cref="CsvFormatException">Malformed CSV, or a header with a duplicate column name.</exception>
    public static async Task<(JsonElement Rows, int Count)> ReadRowsAsync(Stream content, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        using var text = new StreamReader(content, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, leaveOpen: true);
        var reader = new CsvRowReader(text);
        var header = await reader.ReadRowAsync(cancellationToken);
        if (header is null)
        {
            return (default, 0);
        }

        var columns = Columns(header);
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        var count = 0;
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            while (await reader.ReadRowAsync(cancellationToken) is { } row)
            {
                writer.WriteStartObject();
                for (var i = 0; i < columns.Length; i++)
                {
                    // A short row leaves its last columns null; extra fields beyond the header have no name and are dropped.
                    if (i < row.Count)
                    {
                        writer.WriteString(columns[i], row[i]);
                    }
                    else
                    {
                        writer.WriteNull(columns[i]);
                    }
                }

                writer.WriteEndObject();
                count++;
            }

            writer.WriteEndArray();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return (document.RootElement.Clone(), count);
    }

    private async ValueTask<IReadOnlyList<FileTaskAction>> OnEventAsync(BucketEvent evt, FileTaskContext context, CancellationToken cancellationToken)
    {
        if (!evt.IsCreated)
        {
            return [];
        }

        await using var stored = await _objects.GetAsync(evt.Bucket, evt.Key, cancellationToken);
        if (stored is null)
        {
            LogObjectGone(evt.Bucket, evt.Key);
            return [];
        }

        var (rows, count) = await ReadRowsAsync(stored.Content, cancellationToken);
        if (count == 0)
        {
            // Bad input like a malformed CSV: FileTrigger records the file as a FAILED task with this message.
            LogEmpty(evt.Bucket, evt.Key);
            throw new CsvFormatException($"{evt.Key} has no data rows (it is empty or only a header); a CSV import needs a header line and at least one row.");
        }

        LogImporting(evt.Bucket, evt.Key, count, _options.Tenant);
        return [new StartTask(new CreateTaskRequest(_options.Tenant, AppTaskTypes.CsvImport, rows, StepFunction: true, Name: DisplayText.ToName($"import {evt.Key}")))];
    }

    private static string[] Columns(IReadOnlyList<string> header)
    {
        var columns = new string[header.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < header.Count; i++)
        {
            var name = header[i].Trim();
            columns[i] = name.Length == 0 ? $"column{i + 1}" : name;
            if (!seen.Add(columns[i]))
            {
                throw new CsvFormatException(1, $"the header names column '{columns[i]}' twice; column names must be unique");
            }
        }

        return columns;
    }

    [LoggerMessage(1, LogLevel.Error, "CSV import: {Bucket}/{Key} has no data rows (it is empty or only a header); no import was started")]
    private partial void LogEmpty(string bucket, string key);

    [LoggerMessage(2, LogLevel.Warning, "CSV import: {Bucket}/{Key} no longer exists; no task was started")]
    private partial void LogObjectGone(string bucket, string key);

    [LoggerMessage(3, LogLevel.Information, "CSV import: {Bucket}/{Key} has {Rows} rows; starting a step-function task for tenant {Tenant}")]
    private partial void LogImporting(string bucket, string key, int rows, string tenant);
}
