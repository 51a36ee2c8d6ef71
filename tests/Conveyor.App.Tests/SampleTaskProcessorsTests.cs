using System.Text.Json;
using Conveyor.App.Processors;
using Conveyor.Core.Ports;
using Conveyor.Core.Processing;
using Conveyor.Core.Tasks;
using Conveyor.Core.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Conveyor.App.Tests;

public sealed class SampleTaskProcessorsTests
{
    private static readonly TaskKey Parent = new("SFN_TASK#acme", "csv-import#01KAQ6Z7D2V8Y3R5N4M1B0C9X7");

    [Theory]
    [InlineData("""{"email":" A@B.example "}""", "a@b.example")]
    [InlineData("""{"email":"x@y","name":"n"}""", "x@y")]
    public async Task CsvImportRow_WhenEmailIsValid_ShouldReturnItNormalised(string input, string expected)
    {
        var result = await new CsvImportRowProcessor().ProcessAsync(SubTask(3, input), CancellationToken.None);

        Assert.Equal(expected, result!.Value.GetProperty("email").GetString());
        Assert.Equal(3, result.Value.GetProperty("row").GetInt32());
    }

    [Theory]
    [InlineData("""{"name":"n"}""", "row 4: email is missing")]
    [InlineData("""{"email":"   "}""", "row 4: email is missing")]
    [InlineData("""{"email":null}""", "row 4: email is missing")]
    [InlineData("""{"email":"nobody"}""", "row 4: 'nobody' is not an email address (no '@')")]
    public async Task CsvImportRow_WhenEmailIsInvalid_ShouldFailPermanentlyNamingTheRow(string input, string expected)
    {
        var error = await Assert.ThrowsAsync<PermanentTaskFailureException>(() => new CsvImportRowProcessor().ProcessAsync(SubTask(4, input), CancellationToken.None));

        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task ProcessDocument_WhenTheObjectExists_ShouldReturnItsSizeAndETag()
    {
        var objects = new InMemoryObjectStore();
        using var content = new MemoryStream(new byte[42]);
        var stored = await objects.PutAsync("docs", "a b.pdf", content, "application/pdf", CancellationToken.None);

        var result = await new ProcessDocumentProcessor(objects).ProcessAsync(Task("process-document", """{"bucket":"docs","key":"a b.pdf"}"""), CancellationToken.None);

        Assert.Equal(42, result!.Value.GetProperty("size").GetInt64());
        Assert.Equal(stored.ETag, result.Value.GetProperty("eTag").GetString());
    }

    [Theory]
    [InlineData("""{"bucket":"docs","key":"gone.pdf"}""")]
    [InlineData("""{"bucket":"docs"}""")]
    public async Task ProcessDocument_WhenTheObjectIsAbsentOrUnnamed_ShouldFailPermanently(string input)
    {
        await Assert.ThrowsAsync<PermanentTaskFailureException>(() =>
            new ProcessDocumentProcessor(new InMemoryObjectStore()).ProcessAsync(Task("process-document", input), CancellationToken.None));
    }

    [Fact]
    public async Task ProcessDocument_WhenTheStoreDeniesAccess_ShouldFailPermanentlyInsteadOfRetrying()
    {
        var error = await Assert.ThrowsAsync<PermanentTaskFailureException>(() =>
            new ProcessDocumentProcessor(new DenyingObjectStore()).ProcessAsync(Task("process-document", """{"bucket":"docs","key":"a.pdf"}"""), CancellationToken.None));

        Assert.Contains("docs/a.pdf", error.Message, StringComparison.Ordinal);
        Assert.IsType<ObjectAccessDeniedException>(error.InnerException);
    }

    [Fact]
    public async Task Echo_WhenAskedNothing_ShouldReturnItsInput()
    {
        var result = await new EchoProcessor().ProcessAsync(Task("echo", """{"message":"hello"}"""), CancellationToken.None);

        Assert.Equal("hello", result!.Value.GetProperty("message").GetString());
    }

    [Fact]
    public async Task Echo_WhenAskedToFail_ShouldFailPermanentlyOrTransiently()
    {
        var echo = new EchoProcessor();

        await Assert.ThrowsAsync<PermanentTaskFailureException>(() => echo.ProcessAsync(Task("echo", """{"fail":"permanent"}"""), CancellationToken.None));
        await Assert.ThrowsAsync<EchoTransientException>(() => echo.ProcessAsync(Task("echo", """{"fail":"transient"}"""), CancellationToken.None));
    }

    [Fact]
    public async Task Echo_WhenAskedToDelay_ShouldFinishOnlyAfterThatTimeHasPassed()
    {
        var time = new FakeTimeProvider();
        var echo = new EchoProcessor(time);

        var running = echo.ProcessAsync(Task("echo", """{"delayMs":250}"""), CancellationToken.None);
        time.Advance(TimeSpan.FromMilliseconds(249));
        Assert.False(running.IsCompleted);
        time.Advance(TimeSpan.FromMilliseconds(1));
        var result = await running.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(250, result!.Value.GetProperty("delayMs").GetInt32());
    }

    private static TrackedTask SubTask(int index, string input) => Task("csv-import", input) with { Key = TaskKeys.SubTask(Parent, index), ParentKey = Parent };

    private static TrackedTask Task(string type, string input)
    {
        using var document = JsonDocument.Parse(input);
        var now = new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
        return new TrackedTask
        {
            Key = new TaskKey("TASK#acme", $"{type}#01KAQ6Z7D2V8Y3R5N4M1B0C9X7"),
            Tenant = "acme",
            Type = type,
            Name = type,
            Status = TrackedTaskStatus.Processing,
            Input = document.RootElement.Clone(),
            Version = 3,
            CreatedAt = now,
            UpdatedAt = now,
        };
    }

    /// <summary>An object store that refuses every look-up, as S3 does (403) for a role without read access.</summary>
    private sealed class DenyingObjectStore : IObjectStore
    {
        public Task<StoredObject?> GetAsync(string bucket, string key, CancellationToken cancellationToken) => throw new ObjectAccessDeniedException(bucket, key, null);

        public Task<ObjectMetadata> PutAsync(string bucket, string key, Stream content, string? contentType, CancellationToken cancellationToken) => throw new ObjectAccessDeniedException(bucket, key, null);

        public Task<bool> DeleteAsync(string bucket, string key, CancellationToken cancellationToken) => throw new ObjectAccessDeniedException(bucket, key, null);

        public Task<ObjectMetadata?> HeadAsync(string bucket, string key, CancellationToken cancellationToken) => throw new ObjectAccessDeniedException(bucket, key, null);
    }
}
