using System.Text.Json;
using Conveyor.App.Workflows;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Schedules;
using Conveyor.Core.Workflows;

namespace Conveyor.App.Files;

/// <summary>
/// Documents: an upload schedules a one-time <c>process-document</c> task five minutes after the upload (schedule
/// <c>process-document-&lt;key&gt;</c>); deleting the document deletes that schedule. Re-uploading replaces the schedule.
/// With <see cref="AppOptions.ReviewDocuments"/>, an upload also starts the <see cref="DocumentReviewWorkflow"/> (a durable
/// workflow tracked as a task), under an execution name derived from the bucket event, so a redelivered event starts no
/// second review.
/// </summary>
public sealed class DocumentsTask(AppOptions options) : IFileTask
{
    public const string TaskName = "Documents";
    public const string SchedulePrefix = "process-document-";
    public static readonly TimeSpan Delay = TimeSpan.FromMinutes(5);

    private readonly AppOptions _options = options ?? throw new ArgumentNullException(nameof(options));

    public string Name => TaskName;

    public FileTaskSetup Setup(FileTaskContext context) => new(
        [new BucketDefinition(null, BucketMode.Read, OnEventAsync)],
        [FileTaskSideEffect.ManagesSchedules(SchedulePrefix), FileTaskSideEffect.StartsTasks(AppTaskTypes.ProcessDocument), FileTaskSideEffect.StartsWorkflows(DocumentReviewWorkflow.Name)]);

    /// <summary>The review's execution name for an upload: the same for every delivery of the event (<c>s3-</c> + 40 hex).</summary>
    public static string ReviewExecutionName(BucketEvent evt) => IdempotencyKeys.ForBucketEvent(evt, DocumentReviewWorkflow.Name);

    /// <summary>The schedule of a document key: <c>process-document-&lt;key&gt;</c> made a valid, unique schedule name.</summary>
    public static string ScheduleNameOf(string key) => ScheduleNames.FromText(SchedulePrefix + key);

    /// <summary>When the document is processed: <see cref="Delay"/> after <paramref name="eventTime"/>, rounded up to the whole minute (UTC).</summary>
    public static ScheduleRate RateFor(DateTimeOffset eventTime)
    {
        var at = eventTime.ToUniversalTime() + Delay;
        var minute = new DateTimeOffset(at.Year, at.Month, at.Day, at.Hour, at.Minute, 0, TimeSpan.Zero);
        if (minute < at)
        {
            minute = minute.AddMinutes(1);
        }

        return ScheduleRate.Single(minute.Year, minute.Month, minute.Day, minute.Hour, minute.Minute);
    }

    private ValueTask<IReadOnlyList<FileTaskAction>> OnEventAsync(BucketEvent evt, FileTaskContext context, CancellationToken cancellationToken)
    {
        var name = ScheduleNameOf(evt.Key);
        if (evt.IsRemoved)
        {
            return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([new DeleteSchedule(name)]);
        }

        if (!evt.IsCreated)
        {
            return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([]);
        }

        var payload = new TaskSchedulePayload(_options.Tenant, AppTaskTypes.ProcessDocument, DocumentInput(evt.Bucket, evt.Key));
        var schedule = Schedule.Create(name, RateFor(evt.EventTime ?? context.Clock.GetUtcNow()), payload);
        if (!_options.ReviewDocuments)
        {
            return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([new CreateSchedule(schedule)]);
        }

        var review = new StartWorkflowRequest(_options.Tenant, DocumentReviewWorkflow.Name, ReviewExecutionName(evt), ReviewInput(evt.Bucket, evt.Key, _options.Tenant));
        return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([new CreateSchedule(schedule), new StartWorkflow(review)]);
    }

    /// <summary>The review's input (<see cref="DocumentReviewRequest"/>); the owner is the key's first folder (<c>customer-7/contract.pdf</c> → <c>customer-7</c>), else the tenant.</summary>
    private static JsonElement ReviewInput(string bucket, string key, string tenant) => JsonValues.Build(writer =>
    {
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        writer.WriteStartObject();
        writer.WriteString(nameof(DocumentReviewRequest.Bucket), bucket);
        writer.WriteString(nameof(DocumentReviewRequest.Key), key);
        writer.WriteString(nameof(DocumentReviewRequest.Tenant), tenant);
        writer.WriteString(nameof(DocumentReviewRequest.Owner), slash > 0 ? key[..slash] : tenant);
        writer.WriteEndObject();
    });

    private static JsonElement DocumentInput(string bucket, string key) => JsonValues.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("bucket", bucket);
        writer.WriteString("key", key);
        writer.WriteEndObject();
    });
}
