using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Validation;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.Core.Tests.Files;

public sealed class FileTaskRegistryTests
{
    private static readonly FileTaskCallback NoActions = (_, _, _) => ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([]);

    private static readonly FileTaskContext Context = new(
        "conveyor",
        new FakeTimeProvider(),
        new BucketNameResolver(new Dictionary<string, string>
        {
            ["ImportCsvBucket"] = "phys-uploads",
            ["ImportCsvArchive"] = "phys-archive",
            ["ThumbnailsBucket"] = "phys-uploads",
        }));

    [Fact]
    public void Find_WhenTwoTasksShareAPhysicalBucket_ShouldReturnBothInDeclarationOrder()
    {
        var registry = new FileTaskRegistry([ImportCsv(), Thumbnails()], Context);

        var bindings = registry.Find("phys-uploads");

        Assert.Equal(["ImportCsv", "Thumbnails"], bindings.Select(b => b.Task.Name));
        Assert.Equal(["ImportCsvBucket", "ThumbnailsBucket"], bindings.Select(b => b.LogicalName));
    }

    [Fact]
    public void Find_WhenBucketIsNamed_ShouldReturnThatBucketDefinition()
    {
        var registry = new FileTaskRegistry([ImportCsv()], Context);

        var binding = Assert.Single(registry.Find("phys-archive"));

        Assert.Equal("archive", binding.Bucket.BucketName);
        Assert.Equal(BucketMode.Write, binding.Bucket.Mode);
        Assert.Equal("phys-archive", binding.PhysicalName);
    }

    [Fact]
    public void Find_WhenBucketUnknown_ShouldReturnEmpty()
    {
        var registry = new FileTaskRegistry([ImportCsv()], Context);

        Assert.Empty(registry.Find("someone-elses-bucket"));
    }

    [Fact]
    public void Constructor_WhenBucketNotConfigured_ShouldFailFastNamingTheLogicalName()
    {
        var task = new TestFileTask("Reports", new FileTaskSetup(new BucketDefinition("out", BucketMode.Write, NoActions)));

        var error = Assert.Throws<BucketNotConfiguredException>(() => new FileTaskRegistry([task], Context));

        Assert.Equal("ReportsOut", error.LogicalName);
    }

    [Fact]
    public void Constructor_WhenTwoTasksHaveOneName_ShouldThrowValidationException()
    {
        Assert.Throws<ValidationException>(() => new FileTaskRegistry([ImportCsv(), ImportCsv()], Context));
    }

    [Fact]
    public void Constructor_WhenTaskDeclaresBucketTwice_ShouldThrowValidationException()
    {
        var task = new TestFileTask("ImportCsv", new FileTaskSetup(
            new BucketDefinition(null, BucketMode.Read, NoActions),
            new BucketDefinition(null, BucketMode.Write, NoActions)));

        Assert.Throws<ValidationException>(() => new FileTaskRegistry([task], Context));
    }

    [Fact]
    public void Setups_WhenTaskDeclaresSideEffects_ShouldExposeThem()
    {
        var setup = new FileTaskSetup(
            [new BucketDefinition(null, BucketMode.Read, NoActions)],
            [FileTaskSideEffect.PublishesTo("customer"), FileTaskSideEffect.ManagesSchedules("process-document-")]);

        var registry = new FileTaskRegistry([new TestFileTask("ImportCsv", setup)], Context);

        Assert.Equal(
            [FileTaskSideEffectKind.CommandQueue, FileTaskSideEffectKind.Schedules],
            registry.Setups["ImportCsv"].SideEffects.Select(s => s.Kind));
    }

    [Fact]
    public void ForRequest_WhenCalled_ShouldKeepServiceAndBucketsAndSetIds()
    {
        var perEvent = Context.ForRequest("corr-1", "req-1");

        Assert.Equal("corr-1", perEvent.CorrelationId);
        Assert.Equal("req-1", perEvent.RequestId);
        Assert.Equal("phys-archive", perEvent.PhysicalBucket("ImportCsv", "archive"));
    }

    private static TestFileTask ImportCsv() => new("ImportCsv", new FileTaskSetup(
        new BucketDefinition(null, BucketMode.Read, NoActions),
        new BucketDefinition("archive", BucketMode.Write, NoActions)));

    private static TestFileTask Thumbnails() => new("Thumbnails", new FileTaskSetup(new BucketDefinition(null, BucketMode.ReadWrite, NoActions)));

    private sealed class TestFileTask(string name, FileTaskSetup setup) : IFileTask
    {
        public string Name { get; } = name;

        public FileTaskSetup Setup(FileTaskContext context) => setup;
    }
}
