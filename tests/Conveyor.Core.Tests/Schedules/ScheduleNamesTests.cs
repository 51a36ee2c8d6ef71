using System.Text.Json;
using Conveyor.Core.Schedules;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Schedules;

public sealed class ScheduleNamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("process-document_v1.2")]
    [InlineData("ABC-xyz_0.9")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa")]
    public void Validate_WhenNameIsValid_ShouldReturnIt(string name)
    {
        Assert.Equal(name, ScheduleNames.Validate(name));
        Assert.True(ScheduleNames.IsValid(name));
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("has space", "' ' at position 3")]
    [InlineData("slash/name", "'/' at position 5")]
    [InlineData("café", "'é' at position 3")]
    [InlineData("aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "65 characters")]
    public void Validate_WhenNameIsInvalid_ShouldThrowSayingWhy(string name, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => ScheduleNames.Validate(name));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.False(ScheduleNames.IsValid(name));
    }

    [Fact]
    public void Validate_WhenNull_ShouldThrowValidationException()
    {
        Assert.Throws<ValidationException>(() => ScheduleNames.Validate(null));
    }

    [Fact]
    public void FromText_WhenAlreadyValid_ShouldReturnItUnchanged()
    {
        Assert.Equal("process-document-report.pdf", ScheduleNames.FromText("process-document-report.pdf"));
    }

    [Theory]
    [InlineData("process-document-in box/a b.pdf")]
    [InlineData("process-document-日本語.csv")]
    [InlineData("process-document-uploads/2026/11/23/a-very-long-file-name-that-goes-on-and-on-and-on.csv")]
    [InlineData("///")]
    public void FromText_WhenTextIsInvalid_ShouldReturnValidDeterministicName(string text)
    {
        var name = ScheduleNames.FromText(text);

        Assert.True(ScheduleNames.IsValid(name), name);
        Assert.Equal(name, ScheduleNames.FromText(text));
        Assert.StartsWith(text[..3].Replace(' ', '-').Replace('/', '-'), name, StringComparison.Ordinal);
    }

    [Fact]
    public void FromText_WhenTextsDifferOnlyInReplacedCharacters_ShouldGiveDifferentNames()
    {
        var spaced = ScheduleNames.FromText("process-document-a b.pdf");
        var slashed = ScheduleNames.FromText("process-document-a/b.pdf");

        Assert.NotEqual(spaced, slashed);
    }

    [Fact]
    public void FromText_WhenLongTextsShareAPrefix_ShouldKeepPrefixAndDiffer()
    {
        var prefix = "process-document-" + new string('x', 80);

        var first = ScheduleNames.FromText(prefix + "-1");
        var second = ScheduleNames.FromText(prefix + "-2");

        Assert.Equal(ScheduleNames.MaxLength, first.Length);
        Assert.StartsWith("process-document-xxx", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
    }

    [Fact]
    public void Schedule_WhenRenamedWithInvalidName_ShouldThrow()
    {
        var schedule = new Schedule("ok", ScheduleRate.Minutes(1), JsonDocument.Parse("{}").RootElement);

        Assert.Throws<ValidationException>(() => schedule with { Name = "not ok" });
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("\"text\"")]
    [InlineData("42")]
    public void Schedule_WhenPayloadIsNotAnObject_ShouldThrowValidationException(string payload)
    {
        var json = JsonDocument.Parse(payload).RootElement;

        Assert.Throws<ValidationException>(() => new Schedule("ok", ScheduleRate.Minutes(1), json));
    }

    [Fact]
    public void Schedule_WhenRateIsNull_ShouldThrowValidationException()
    {
        Assert.Throws<ValidationException>(() => new Schedule("ok", null!, JsonDocument.Parse("{}").RootElement));
    }

    [Fact]
    public void Schedule_WhenSourceDocumentDisposed_ShouldKeepPayload()
    {
        Schedule schedule;
        using (var document = JsonDocument.Parse("""{"type":"task"}"""))
        {
            schedule = new Schedule("ok", ScheduleRate.Minutes(1), document.RootElement);
        }

        Assert.Equal("task", schedule.Payload.GetProperty("type").GetString());
    }
}
