using Conveyor.Core.Ids;
using Conveyor.Core.Tasks;

namespace Conveyor.Core.Tests.Tasks;

public sealed class ExecutionNamesTests
{
    private static readonly Ulid Id = Ulid.FromSeed(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), "x");

    public static TheoryData<string, string> Keys => new()
    {
        { "acme", "resize" },
        { "a-b", "c" },
        { "テナント", "type with spaces" },
        { new string('t', TaskKeys.MaxTenantLength), new string('y', TaskKeys.MaxTypeLength) },
    };

    [Theory]
    [MemberData(nameof(Keys))]
    public void For_WhenAnyKey_ShouldBeDeterministicAndValidForStepFunctions(string tenant, string type)
    {
        var key = TaskKeys.NewTask(tenant, type, Id, stepFunction: true);

        var name = ExecutionNames.For(key);

        Assert.Matches("^[0-9A-Za-z_-]{1,80}$", name);
        Assert.Equal(name, ExecutionNames.For(key));
    }

    [Fact]
    public void For_WhenShortKey_ShouldStayReadable()
    {
        var key = TaskKeys.NewTask("acme", "resize", Id, stepFunction: true);

        Assert.Equal($"SFN_TASK-_acme-_resize-_{Id}", ExecutionNames.For(key));
    }

    [Fact]
    public void For_WhenNaiveReplacementWouldCollide_ShouldGiveDifferentNames()
    {
        // Replacing '#' by '_' alone maps both of these to SFN_TASK_a_b_c_<ulid>.
        var one = TaskKeys.NewTask("a_b", "c", Id, stepFunction: true);
        var two = TaskKeys.NewTask("a", "b_c", Id, stepFunction: true);
        var three = TaskKeys.NewTask("a-", "b", Id, stepFunction: true);
        var four = TaskKeys.NewTask("a", "_b", Id, stepFunction: true);

        var names = new[] { one, two, three, four }.Select(ExecutionNames.For).ToArray();

        Assert.Equal(names.Length, names.Distinct().Count());
    }

    [Fact]
    public void For_WhenLongKeysDifferOnlyAtTheEnd_ShouldKeepPrefixAndDifferByHash()
    {
        var tenant = new string('t', 60);
        var one = TaskKeys.NewTask(tenant, "typeA", Id, stepFunction: true);
        var two = TaskKeys.NewTask(tenant, "typeB", Id, stepFunction: true);

        var first = ExecutionNames.For(one);
        var second = ExecutionNames.For(two);

        Assert.Equal(80, first.Length);
        Assert.StartsWith("SFN_TASK-_tttt", first, StringComparison.Ordinal);
        Assert.NotEqual(first, second);
        Assert.Equal(first[..59], second[..59]);
    }
}
