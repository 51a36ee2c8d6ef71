using System.Text.Json;
using Conveyor.Core.Queries;
using Conveyor.Core.Validation;

namespace Conveyor.Core.Tests.Queries;

public sealed class FilterExpressionTests
{
    private static readonly JsonElement Item = JsonDocument.Parse("""
        {
          "id": "c-1", "status": "ACTIVE", "name": "Acme Corp", "age": 42, "score": 4.5,
          "tags": ["vip", "eu"], "active": true, "deleted": null, "nested.key": "dot", "city": "Zürich",
          "address": { "city": "Berlin", "zip": "10115", "lines": ["Main St 1", "Floor 2"] },
          "orders": [ { "total": 10 }, { "total": 25 } ]
        }
        """).RootElement;

    public static TheoryData<string, string, string, bool> Matching => new()
    {
        // expression, values, names, expected
        { "#s = :s", """{":s":"ACTIVE"}""", """{"#s":"status"}""", true },
        { "#s = :s", """{":s":"INACTIVE"}""", """{"#s":"status"}""", false },
        { "age > :n", """{":n":40}""", "{}", true },
        { "age >= :n", """{":n":42}""", "{}", true },
        { "age < :n", """{":n":42}""", "{}", false },
        { "age <= :n", """{":n":42}""", "{}", true },
        { "age <> :n", """{":n":42}""", "{}", false },
        { "age = :n", """{":n":42.0}""", "{}", true },
        { "score < :n", """{":n":1e1}""", "{}", true },
        { "age = :n", """{":n":"42"}""", "{}", false },
        { "age <> :n", """{":n":"42"}""", "{}", true },
        { "age < :n", """{":n":"50"}""", "{}", false },
        { "#n < :n", """{":n":"B"}""", """{"#n":"name"}""", true },
        { "#n > :n", """{":n":"Acme"}""", """{"#n":"name"}""", true },
        { "city > :c", """{":c":"Zz"}""", "{}", true },
        { "age BETWEEN :lo AND :hi", """{":lo":40,":hi":50}""", "{}", true },
        { "age BETWEEN :lo AND :hi", """{":lo":43,":hi":50}""", "{}", false },
        { "age between :lo and :hi", """{":lo":42,":hi":42}""", "{}", true },
        { "#s IN (:a, :b)", """{":a":"NEW",":b":"ACTIVE"}""", """{"#s":"status"}""", true },
        { "#s IN (:a)", """{":a":"NEW"}""", """{"#s":"status"}""", false },
        { "attribute_exists(address.city)", "{}", "{}", true },
        { "attribute_exists(address.country)", "{}", "{}", false },
        { "attribute_not_exists(missing)", "{}", "{}", true },
        { "attribute_exists(deleted)", "{}", "{}", true },
        { "attribute_type(age, :t)", """{":t":"N"}""", "{}", true },
        { "attribute_type(tags, :t)", """{":t":"M"}""", "{}", false },
        { "begins_with(#n, :p)", """{":p":"Acme"}""", """{"#n":"name"}""", true },
        { "begins_with(#n, :p)", """{":p":"acme"}""", """{"#n":"name"}""", false },
        { "begins_with(age, :p)", """{":p":"4"}""", "{}", false },
        { "contains(tags, :t)", """{":t":"vip"}""", "{}", true },
        { "contains(tags, :t)", """{":t":"us"}""", "{}", false },
        { "contains(#n, :t)", """{":t":"Corp"}""", """{"#n":"name"}""", true },
        { "size(tags) = :n", """{":n":2}""", "{}", true },
        { "size(#n) > :n", """{":n":8}""", """{"#n":"name"}""", true },
        { "size(city) = :n", """{":n":7}""", "{}", true },
        { "size(address) = :n", """{":n":3}""", "{}", true },
        { ":n < size(tags)", """{":n":1}""", "{}", true },
        { "address.city = :c", """{":c":"Berlin"}""", "{}", true },
        { "address.lines[1] = :l", """{":l":"Floor 2"}""", "{}", true },
        { "#a.#c = :c", """{":c":"Berlin"}""", """{"#a":"address","#c":"city"}""", true },
        { "orders[1].total > :n", """{":n":20}""", "{}", true },
        { "orders[5].total > :n", """{":n":20}""", "{}", false },
        { "#k = :v", """{":v":"dot"}""", """{"#k":"nested.key"}""", true },
        { "active = :t", """{":t":true}""", "{}", true },
        { "deleted = :null", """{":null":null}""", "{}", true },
        { "tags = :l", """{":l":["vip","eu"]}""", "{}", true },
        { "missing = :s", """{":s":"x"}""", "{}", false },
        { "missing <> :s", """{":s":"x"}""", "{}", true },
        { "NOT #s = :s", """{":s":"ACTIVE"}""", """{"#s":"status"}""", false },
        { "NOT NOT #s = :s", """{":s":"ACTIVE"}""", """{"#s":"status"}""", true },
        // AND binds tighter than OR: true OR (true AND false) is true; with parentheses it is false.
        { "#s = :s OR age > :n AND active = :f", """{":s":"ACTIVE",":n":10,":f":false}""", """{"#s":"status"}""", true },
        { "(#s = :s OR age > :n) AND active = :f", """{":s":"ACTIVE",":n":10,":f":false}""", """{"#s":"status"}""", false },
        { "NOT attribute_exists(missing) AND #s = :s", """{":s":"ACTIVE"}""", """{"#s":"status"}""", true },
        { "((age = :n))", """{":n":42}""", "{}", true },
        { "s = :s", """{"s":"x"}""", "{}", false },
    };

    public static TheoryData<string, string, string, string> Invalid => new()
    {
        // expression, values, names, expected message fragment
        { "age >", """{":n":1}""", "{}", "position 5" },
        { "age = :n", "{}", "{}", "Values has no ':n'" },
        { "#x = :n", """{":n":1}""", "{}", "Names has no '#x'" },
        { "age = :n", """{":n":1,":unused":2}""", "{}", ":unused, which the filter expression does not use" },
        { "age = :n", """{":n":1}""", """{"#spare":"x"}""", "#spare, which the filter expression does not use" },
        { "(age = :n", """{":n":1}""", "{}", "')' to close the '(' at position 0" },
        { "age = :n)", """{":n":1}""", "{}", "position 8: expected AND, OR or the end of the expression, found ')'" },
        { "foo(age)", "{}", "{}", "unknown function 'foo'" },
        { "Begins_With(age, :n)", """{":n":1}""", "{}", "unknown function 'Begins_With'" },
        { "age $ :n", """{":n":1}""", "{}", "position 4: unexpected character '$'" },
        { "age BETWEEN :n :n", """{":n":1}""", "{}", "expected AND between the bounds" },
        { "", "{}", "{}", "must not be empty" },
        { "size(age)", "{}", "{}", "expected a comparator" },
        { "a[x] = :n", """{":n":1}""", "{}", "expected a list index" },
        { "AND = :n", """{":n":1}""", "{}", "expected an attribute name" },
        { "age = # ", "{}", "{}", "'#' must be followed by a placeholder name" },
        { "age IN ()", "{}", "{}", "position 8" },
        { "age = :n AND", """{":n":1}""", "{}", "found the end" },
    };

    [Theory]
    [MemberData(nameof(Matching))]
    public void Matches_WhenExpressionIsValid_ShouldEvaluateLikeDynamoDb(string expression, string values, string names, bool expected)
    {
        var filter = Compile(expression, values, names);

        var matches = filter.Matches(Item);

        Assert.Equal(expected, matches);
    }

    [Theory]
    [MemberData(nameof(Invalid))]
    public void Compile_WhenExpressionOrPlaceholdersAreInvalid_ShouldThrowValidationException(string expression, string values, string names, string expected)
    {
        var error = Assert.Throws<ValidationException>(() => Compile(expression, values, names));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Compile_WhenPlaceholderKeysHaveNoPrefix_ShouldStillBind()
    {
        var filter = new QueryFilter("#s = :s", Values("""{"s":"ACTIVE"}"""), new Dictionary<string, string> { ["s"] = "status" });

        Assert.True(FilterExpression.Compile(filter).Matches(Item));
    }

    [Fact]
    public void Compile_WhenInListHasMoreThan100Values_ShouldThrowValidationException()
    {
        var list = string.Join(", ", Enumerable.Range(0, 101).Select(_ => ":v"));

        var error = Assert.Throws<ValidationException>(() => Compile($"age IN ({list})", """{":v":1}""", "{}"));

        Assert.Contains("at most 100", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Matches_WhenItemIsNotAnObject_ShouldBeFalse()
    {
        var filter = Compile("attribute_not_exists(a)", "{}", "{}");

        Assert.False(filter.Matches(JsonDocument.Parse("[]").RootElement));
    }

    private static FilterExpression Compile(string expression, string values, string names) =>
        FilterExpression.Compile(new QueryFilter(
            expression,
            Values(values),
            JsonDocument.Parse(names).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!)));

    private static Dictionary<string, JsonElement> Values(string json) =>
        JsonDocument.Parse(json).RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone());
}
