using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Tasks;

public sealed class TaskKeysTests
{
    private static readonly Ulid Id = Ulid.NewUlid(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData(null)]
    [InlineData("a#b")]
    [InlineData("tab\there")]
    public void ValidateSegment_WhenInvalid_ShouldThrowValidationWithReason(string? value)
    {
        var error = Assert.Throws<ValidationException>(() => TaskKeys.ValidateSegment(value, "tenant", TaskKeys.MaxTenantLength));

        Assert.Equal("tenant", error.ParamName);
        Assert.Contains("tenant", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidateSegment_WhenTooLong_ShouldSayTheLimit()
    {
        var error = Assert.Throws<ValidationException>(() => TaskKeys.ValidateSegment(new string('a', 65), "tenant", 64));

        Assert.Contains("at most 64", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("acme")]
    [InlineData("a-b_c.d")]
    [InlineData("テナント")]
    public void ValidateSegment_WhenValid_ShouldAccept(string value)
    {
        TaskKeys.ValidateSegment(value, "tenant", TaskKeys.MaxTenantLength);
    }

    [Theory]
    [InlineData(false, -1)]
    [InlineData(true, -1)]
    [InlineData(true, 0)]
    [InlineData(true, 12)]
    public void ParseId_WhenIdOfAnyKind_ShouldRoundTrip(bool stepFunction, int subTaskIndex)
    {
        var key = TaskKeys.NewTask("acme", "import", Id, stepFunction);
        if (subTaskIndex >= 0)
        {
            key = TaskKeys.SubTask(key, subTaskIndex);
        }

        var parsed = TaskKey.ParseId(key.Id);

        Assert.Equal(key, parsed);
        Assert.Equal("acme", TaskKeys.TenantOf(parsed));
    }

    [Theory]
    [InlineData("nonsense")]
    [InlineData("TASK#acme")]
    [InlineData("TASK#acme#")]
    [InlineData("OTHER#acme#import#01")]
    [InlineData("TASK#acme#import#01#3")]
    public void ParseId_WhenNotATaskId_ShouldThrowFormat(string id)
    {
        Assert.Throws<FormatException>(() => TaskKey.ParseId(id));
    }

    [Fact]
    public void ParentOf_WhenSubTask_ShouldReturnParentAndNullForParent()
    {
        var parent = TaskKeys.NewTask("acme", "resize", Id, stepFunction: true);

        Assert.Equal(parent, TaskKeys.ParentOf(TaskKeys.SubTask(parent, 7)));
        Assert.Null(TaskKeys.ParentOf(parent));
    }
}
