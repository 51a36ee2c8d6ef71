using System.Text.Json;
using Conveyor.App.Files;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.App.Tests;

/// <summary>The sample file tasks' callbacks, called as FileTrigger calls them: a bucket event in, actions out.</summary>
public sealed class FileTaskCallbacksTests
{
    private static readonly FakeTimeProvider Clock = new(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero));

    private static readonly FileTaskContext Context = new(
        "conveyor-test", Clock, new BucketNameResolver(new Dictionary<string, string>()), CorrelationId: "corr-1");

    [Fact]
    public async Task ProfilePictures_WhenAPictureIsUploaded_ShouldSendChangeProfilePictureToTheCustomer()
    {
        var actions = await OnEventAsync(new ProfilePicturesTask(), Created("avatars/42.v2.jpg", "seq-1"));

        var publish = Assert.IsType<PublishCommands>(Assert.Single(actions));
        Assert.Equal(ProfilePicturesTask.Aggregate, publish.Aggregate);
        var message = Assert.Single(publish.Commands);
        Assert.Equal(ProfilePicturesTask.CommandType, message.Command.GetProperty("type").GetString());
        Assert.Equal("avatars/42.v2.jpg", message.Command.GetProperty("picture").GetString());
        Assert.Equal("file-task:ProfilePictures", message.Meta.User);
        Assert.Equal("corr-1", message.Meta.CorrelationId);
        Assert.Equal("42", message.Id);
    }

    [Fact]
    public async Task ProfilePictures_WhenAPictureIsDeleted_ShouldClearThePicture()
    {
        var actions = await OnEventAsync(new ProfilePicturesTask(), Removed("42.jpg", "seq-2"));

        var message = Assert.Single(Assert.IsType<PublishCommands>(Assert.Single(actions)).Commands);
        Assert.Equal(JsonValueKind.Null, message.Command.GetProperty("picture").ValueKind);
    }

    [Fact]
    public async Task ProfilePictures_WhenTheSameEventIsDeliveredTwice_ShouldGiveTheCommandOneMessageId()
    {
        var task = new ProfilePicturesTask();

        var first = await OnEventAsync(task, Created("42.jpg", "seq-3"));
        var again = await OnEventAsync(task, Created("42.jpg", "seq-3"));
        var later = await OnEventAsync(task, Created("42.jpg", "seq-4"));

        Assert.Equal(MessageId(first), MessageId(again));
        Assert.NotEqual(MessageId(first), MessageId(later));
    }

    [Fact]
    public async Task ProfilePictures_WhenTheFileNameHasNoCustomerId_ShouldRejectTheEvent()
    {
        await Assert.ThrowsAsync<ValidationException>(async () => await OnEventAsync(new ProfilePicturesTask(), Created("avatars/.jpg", "seq-5")));
    }

    [Fact]
    public async Task Documents_WhenADocumentIsUploaded_ShouldScheduleItsProcessingFiveMinutesLater()
    {
        var upload = Created("reports/q3 final.pdf", "seq-6") with { EventTime = new DateTimeOffset(2026, 11, 30, 9, 0, 10, TimeSpan.Zero) };

        var actions = await OnEventAsync(new DocumentsTask(new AppOptions { Tenant = "acme" }), upload);

        var schedule = Assert.IsType<CreateSchedule>(Assert.Single(actions)).Schedule;
        Assert.Equal(DocumentsTask.ScheduleNameOf("reports/q3 final.pdf"), schedule.Name);
        Assert.Equal("at(2026-11-30T09:06:00)", schedule.Rate.ToExpression());
        Assert.Equal("acme", schedule.Payload.GetProperty("tenant").GetString());
        Assert.Equal(AppTaskTypes.ProcessDocument, schedule.Payload.GetProperty("taskType").GetString());
    }

    [Fact]
    public async Task Documents_WhenADocumentIsDeleted_ShouldDeleteItsSchedule()
    {
        var actions = await OnEventAsync(new DocumentsTask(new AppOptions()), Removed("reports/q3 final.pdf", "seq-7"));

        Assert.Equal(new DeleteSchedule(DocumentsTask.ScheduleNameOf("reports/q3 final.pdf")), Assert.Single(actions));
    }

    private static BucketEvent Created(string key, string sequencer) => new("ObjectCreated:Put", "bucket", key, 10, "etag", Sequencer: sequencer);

    private static BucketEvent Removed(string key, string sequencer) => new("ObjectRemoved:Delete", "bucket", key, Sequencer: sequencer);

    private static async Task<IReadOnlyList<FileTaskAction>> OnEventAsync(IFileTask task, BucketEvent evt)
    {
        var bucket = Assert.Single(task.Setup(Context).Buckets);
        return await bucket.Callback(evt, Context, CancellationToken.None);
    }

    private static string MessageId(IReadOnlyList<FileTaskAction> actions) =>
        Assert.Single(Assert.IsType<PublishCommands>(Assert.Single(actions)).Commands).Meta.MsgId;
}
