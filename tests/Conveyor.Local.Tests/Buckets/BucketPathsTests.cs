using Conveyor.Core.Validation;
using Conveyor.Local.Buckets;

namespace Conveyor.Local.Tests.Buckets;

public sealed class BucketPathsTests
{
    private readonly BucketPaths _paths = new(Path.Combine(Path.GetTempPath(), "conveyor-paths"));

    [Theory]
    [InlineData("../escape.txt")]
    [InlineData("a/../../escape.txt")]
    [InlineData("/absolute.txt")]
    [InlineData("a//b.txt")]
    [InlineData("a\\b.txt")]
    [InlineData("./a.txt")]
    [InlineData("")]
    public void FileFor_WhenKeyCouldEscapeOrIsMalformed_ShouldThrowValidation(string key)
    {
        Assert.Throws<ValidationException>(() => _paths.FileFor("uploads", key));
    }

    [Theory]
    [InlineData("UPPER")]
    [InlineData("ab")]
    [InlineData("a..b")]
    [InlineData("-start")]
    [InlineData("has space")]
    public void FileFor_WhenBucketNameInvalid_ShouldThrowValidation(string bucket)
    {
        Assert.Throws<ValidationException>(() => _paths.FileFor(bucket, "a.txt"));
    }

    [Fact]
    public void FileFor_WhenKeyHasFolders_ShouldMapToSubfoldersAndBack()
    {
        var path = _paths.FileFor("uploads", "2025/03/my file.csv");

        Assert.Equal(Path.Combine(_paths.Root, "uploads", "2025", "03", "my file.csv"), path);
        Assert.Equal("2025/03/my file.csv", _paths.KeyOf("uploads", path));
    }

    [Theory]
    [InlineData(".hidden", true)]
    [InlineData("dir/.partial", true)]
    [InlineData(".git/config", true)]
    [InlineData("upload.tmp", true)]
    [InlineData("upload.TMP", true)]
    [InlineData("notes.txt~", true)]
    [InlineData("data.csv", false)]
    [InlineData("tmp/data.csv", false)]
    public void IsIgnored_WhenNameIsTemporary_ShouldBeTrue(string key, bool ignored)
    {
        Assert.Equal(ignored, BucketPaths.IsIgnored(key));
    }
}
