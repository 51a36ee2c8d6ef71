using Conveyor.Core.Files;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Files;

public sealed class BucketNameResolverTests
{
    private static readonly BucketNameResolver Resolver = new(new Dictionary<string, string>
    {
        ["ImportCsvBucket"] = "acme-prod-import-csv",
        ["ImportCsvArchive"] = "acme-prod-archive",
    });

    [Theory]
    [InlineData("ImportCsv", null, "ImportCsvBucket")]
    [InlineData("ImportCsv", "uploads", "ImportCsvUploads")]
    [InlineData("import-csv", null, "ImportCsvBucket")]
    [InlineData("import_csv", "raw-files", "ImportCsvRawFiles")]
    [InlineData("thumbnails", "out.v2", "ThumbnailsOutV2")]
    public void LogicalName_WhenTaskAndBucketGiven_ShouldPascalCaseAndJoin(string task, string? bucket, string expected)
    {
        Assert.Equal(expected, BucketNameResolver.LogicalName(task, bucket));
    }

    [Theory]
    [InlineData("ImportCsv", null, "acme-prod-import-csv")]
    [InlineData("import-csv", "archive", "acme-prod-archive")]
    public void Resolve_WhenMappingConfigured_ShouldReturnPhysicalName(string task, string? bucket, string expected)
    {
        Assert.Equal(expected, Resolver.Resolve(task, bucket));
    }

    [Fact]
    public void Resolve_WhenConfigurationKeyDiffersInCase_ShouldStillResolve()
    {
        Assert.Equal("acme-prod-import-csv", Resolver.Resolve("importcsvbucket"));
    }

    [Fact]
    public void Resolve_WhenMappingMissing_ShouldThrowNamingTheExpectedLogicalName()
    {
        var error = Assert.Throws<BucketNotConfiguredException>(() => Resolver.Resolve("ImportCsv", "uploads"));

        Assert.Equal("ImportCsvUploads", error.LogicalName);
        Assert.Contains("'ImportCsvUploads'", error.Message, StringComparison.Ordinal);
        Assert.Contains("ImportCsvArchive, ImportCsvBucket", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("---")]
    [InlineData("")]
    public void LogicalName_WhenTaskNameHasNoLettersOrDigits_ShouldThrowValidationException(string task)
    {
        Assert.Throws<ValidationException>(() => BucketNameResolver.LogicalName(task, null));
    }

    [Fact]
    public void Constructor_WhenPhysicalNameEmpty_ShouldThrowValidationException()
    {
        var mapping = new Dictionary<string, string> { ["ImportCsvBucket"] = " " };

        Assert.Throws<ValidationException>(() => new BucketNameResolver(mapping));
    }

    [Fact]
    public void Constructor_WhenLogicalNamesDifferOnlyInCase_ShouldThrowValidationException()
    {
        var mapping = new Dictionary<string, string> { ["ImportCsvBucket"] = "a", ["importcsvbucket"] = "b" };

        Assert.Throws<ValidationException>(() => new BucketNameResolver(mapping));
    }
}
