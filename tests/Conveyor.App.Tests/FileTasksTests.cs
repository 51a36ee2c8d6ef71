using Conveyor.App;
using Conveyor.App.Files;
using Conveyor.App.Workflows;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Validation;

namespace Conveyor.App.Tests;

public sealed class FileTasksTests
{
    [Theory]
    [InlineData("123.jpg", "123")]
    [InlineData("avatars/456.v2.png", "456")]
    [InlineData("789", "789")]
    public void CustomerIdOf_WhenKeyNamesACustomer_ShouldReturnTheNameBeforeTheFirstDot(string key, string expected)
    {
        Assert.Equal(expected, ProfilePicturesTask.CustomerIdOf(key));
    }

    [Theory]
    [InlineData(".jpg")]
    [InlineData("avatars/.hidden")]
    public void CustomerIdOf_WhenKeyHasNoCustomerId_ShouldRejectIt(string key)
    {
        Assert.Throws<ValidationException>(() => ProfilePicturesTask.CustomerIdOf(key));
    }

    [Theory]
    [InlineData("2026-11-23T12:00:00Z", "at(2026-11-23T12:05:00)")]
    [InlineData("2026-11-23T12:00:30Z", "at(2026-11-23T12:06:00)")]
    [InlineData("2026-12-31T23:57:00+00:00", "at(2027-01-01T00:02:00)")]
    [InlineData("2026-11-23T13:00:00+01:00", "at(2026-11-23T12:05:00)")]
    public void RateFor_WhenDocumentArrives_ShouldScheduleFiveMinutesLaterRoundedUpToTheMinuteInUtc(string eventTime, string expected)
    {
        Assert.Equal(expected, DocumentsTask.RateFor(DateTimeOffset.Parse(eventTime, System.Globalization.CultureInfo.InvariantCulture)).ToExpression());
    }

    [Fact]
    public void ScheduleNameOf_WhenKeysDifferOnlyInInvalidCharacters_ShouldGiveDistinctValidNames()
    {
        var spaced = DocumentsTask.ScheduleNameOf("a b.pdf");
        var slashed = DocumentsTask.ScheduleNameOf("a/b.pdf");

        Assert.NotEqual(spaced, slashed);
        Assert.StartsWith("process-document-a-b.pdf", spaced, StringComparison.Ordinal);
        Assert.Equal("process-document-plain.pdf", DocumentsTask.ScheduleNameOf("plain.pdf"));
    }

    [Theory]
    [InlineData(true, 2)]
    [InlineData(false, 1)]
    public async Task DocumentUpload_WhenReviewsAreOn_ShouldAlsoStartTheReviewUnderANameTheSameForEveryDelivery(bool review, int actions)
    {
        var task = new DocumentsTask(new AppOptions { Tenant = "acme", ReviewDocuments = review });
        var context = new FileTaskContext("test", TimeProvider.System, new BucketNameResolver(new Dictionary<string, string>()));
        var callback = task.Setup(context).Buckets.Single().Callback;
        var evt = new BucketEvent("ObjectCreated:Put", "docs-bucket", "customer-7/contract.pdf", 10, "etag", Sequencer: "0A", EventTime: DateTimeOffset.UnixEpoch);

        var first = await callback(evt, context, CancellationToken.None);
        var again = await callback(evt, context, CancellationToken.None);
        var other = await callback(evt with { Sequencer = "0B" }, context, CancellationToken.None);

        Assert.Equal(actions, first.Count);
        Assert.IsType<CreateSchedule>(first[0]);
        if (review)
        {
            var start = Assert.IsType<StartWorkflow>(first[1]).Request;
            Assert.Equal(("acme", DocumentReviewWorkflow.Name), (start.Tenant, start.Workflow));
            Assert.Equal(start.ExecutionName, Assert.IsType<StartWorkflow>(again[1]).Request.ExecutionName);
            Assert.NotEqual(start.ExecutionName, Assert.IsType<StartWorkflow>(other[1]).Request.ExecutionName);
            Assert.True(Conveyor.Core.Workflows.ExecutionNameRules.IsValid(start.ExecutionName));
            Assert.Equal("customer-7", start.Input.GetProperty("Owner").GetString());
            Assert.Equal("docs-bucket", start.Input.GetProperty("Bucket").GetString());
        }
    }
}
