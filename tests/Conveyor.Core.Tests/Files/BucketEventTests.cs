using Conveyor.Core.Files;

namespace Conveyor.Core.Tests.Files;

public sealed class BucketEventTests
{
    [Theory]
    [InlineData("ObjectCreated:Put", true, false)]
    [InlineData("ObjectCreated:CompleteMultipartUpload", true, false)]
    [InlineData("s3:ObjectCreated:Copy", true, false)]
    [InlineData("ObjectRemoved:Delete", false, true)]
    [InlineData("ObjectRemoved:DeleteMarkerCreated", false, true)]
    [InlineData("ObjectRestore:Completed", false, false)]
    public void IsCreatedAndIsRemoved_WhenEventNameVaries_ShouldFollowThePrefix(string eventName, bool created, bool removed)
    {
        var evt = new BucketEvent(eventName, "bucket", "key");

        Assert.Equal(created, evt.IsCreated);
        Assert.Equal(removed, evt.IsRemoved);
    }
}
