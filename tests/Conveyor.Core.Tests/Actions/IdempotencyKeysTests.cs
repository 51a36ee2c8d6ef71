using Conveyor.Core.Actions;
using Conveyor.Core.Files;

namespace Conveyor.Core.Tests.Actions;

public sealed class IdempotencyKeysTests
{
    private static readonly BucketEvent Upload = new("ObjectCreated:Put", "uploads", "a b.csv", 10, "\"abc\"", Sequencer: "0055AED6DCD90281E5");

    [Fact]
    public void ForBucketEvent_WhenSameEventRedelivered_ShouldGiveTheSameKey()
    {
        var redelivered = Upload with { EventTime = DateTimeOffset.UnixEpoch };

        Assert.Equal(IdempotencyKeys.ForBucketEvent(Upload, "import"), IdempotencyKeys.ForBucketEvent(redelivered, "import"));
    }

    public static TheoryData<string> Variations => new() { "bucket", "key", "etag", "sequencer", "removed", "purpose" };

    [Theory]
    [MemberData(nameof(Variations))]
    public void ForBucketEvent_WhenAnIdentifyingFieldDiffers_ShouldGiveADifferentKey(string field)
    {
        var (evt, purpose) = field switch
        {
            "bucket" => (Upload with { Bucket = "other" }, "import"),
            "key" => (Upload with { Key = "a+b.csv" }, "import"),
            "etag" => (Upload with { ETag = "\"def\"" }, "import"),
            "sequencer" => (Upload with { Sequencer = "0055AED6DCD90281E6" }, "import"),
            "removed" => (Upload with { EventName = "ObjectRemoved:Delete" }, "import"),
            _ => (Upload, "thumbnail"),
        };

        Assert.NotEqual(IdempotencyKeys.ForBucketEvent(Upload, "import"), IdempotencyKeys.ForBucketEvent(evt, purpose));
    }

    [Fact]
    public void ForBucketEvent_WhenCalled_ShouldBeShortAndPrefixed()
    {
        var key = IdempotencyKeys.ForBucketEvent(Upload, "import");

        Assert.Matches("^s3-[0-9a-f]{40}$", key);
    }

    [Fact]
    public void ForScheduleFiring_WhenCalledTwiceForOneFiring_ShouldAgreeAndDifferFromOtherFirings()
    {
        var key = IdempotencyKeys.ForScheduleFiring("nightly", "2026-11-30T00:00:00Z");

        Assert.Matches("^schedule-[0-9a-f]{40}$", key);
        Assert.Equal(key, IdempotencyKeys.ForScheduleFiring("nightly", "2026-11-30T00:00:00Z"));
        Assert.NotEqual(key, IdempotencyKeys.ForScheduleFiring("nightly", "2026-12-01T00:00:00Z"));
        Assert.NotEqual(key, IdempotencyKeys.ForScheduleFiring("nightl", "y2026-11-30T00:00:00Z"));
    }
}
