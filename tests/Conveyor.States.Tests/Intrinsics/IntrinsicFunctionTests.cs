using System.Text.Json.Nodes;
using Conveyor.States.Tests.Support;

namespace Conveyor.States.Tests.Intrinsics;

/// <summary>Every intrinsic function, with the examples of the AWS developer guide ("Intrinsic functions").</summary>
public class IntrinsicFunctionTests
{
    private static async Task<JsonNode?> EvalAsync(string expression, string input = "{}")
    {
        var state = $$"""
            "Type": "Pass", "End": true, "Parameters": { "value.$": {{JsonValue.Create(expression).ToJsonString()}} }
            """;
        return (await Asl.OutputAsync(Asl.Single(state), input))!["value"];
    }

    private static async Task<Conveyor.States.Execution.ExecutionResult> FailAsync(string expression, string input = "{}")
    {
        var state = $$"""
            "Type": "Pass", "End": true, "Parameters": { "value.$": {{JsonValue.Create(expression).ToJsonString()}} }
            """;
        return await Asl.RunAsync(Asl.Single(state), input);
    }

    [Fact]
    public async Task Format_WhenTemplateHasPlaceholder_ShouldInterpolate() =>
        Assert.Equal("Hello, my name is Arnav.", (await EvalAsync("States.Format('Hello, my name is {}.', $.name)", """{"name": "Arnav"}"""))!.GetValue<string>());

    [Fact]
    public async Task Format_WhenEscapedBracesAndQuotes_ShouldKeepLiterals() =>
        Assert.Equal("{} it's 3 true null", (await EvalAsync("States.Format('\\{\\} it\\'s {} {} {}', 3, true, null)"))!.GetValue<string>());

    [Fact]
    public async Task StringToJson_WhenEscapedJson_ShouldParse() =>
        Asl.JsonEqual("""{"number": 20}""", await EvalAsync("States.StringToJson($.someString)", """{"someString": "{\"number\": 20}"}"""));

    [Fact]
    public async Task JsonToString_WhenObject_ShouldSerializeCompactly() =>
        Assert.Equal("""{"name":"Foo","zebra":"Bar"}""", (await EvalAsync("States.JsonToString($.someJson)", """{"someJson": {"name": "Foo", "zebra": "Bar"}}"""))!.GetValue<string>());

    [Fact]
    public async Task Array_WhenMixedArguments_ShouldBuildArray() =>
        Asl.JsonEqual("""["Foo", 2020, {"random": "abcdefghij"}, null]""", await EvalAsync("States.Array('Foo', 2020, $.someJson, null)", """{"someJson": {"random": "abcdefghij"}}"""));

    [Fact]
    public async Task ArrayPartition_WhenChunkOf4_ShouldSplit() =>
        Asl.JsonEqual("[[1,2,3,4],[5,6,7,8],[9]]", await EvalAsync("States.ArrayPartition($.inputArray, 4)", """{"inputArray": [1,2,3,4,5,6,7,8,9]}"""));

    [Fact]
    public async Task ArrayContains_WhenValuePresent_ShouldBeTrue() =>
        Assert.True((await EvalAsync("States.ArrayContains($.inputArray, $.lookingFor)", """{"inputArray": [1,2,3,4,5,6,7,8,9], "lookingFor": 5}"""))!.GetValue<bool>());

    [Fact]
    public async Task ArrayRange_WhenStep2_ShouldGiveOddNumbers() =>
        Asl.JsonEqual("[1,3,5,7,9]", await EvalAsync("States.ArrayRange(1, 9, 2)"));

    [Fact]
    public async Task ArrayGetItem_WhenIndex5_ShouldReturnSixthItem() =>
        Asl.JsonEqual("6", await EvalAsync("States.ArrayGetItem($.inputArray, $.index)", """{"inputArray": [1,2,3,4,5,6,7,8,9], "index": 5}"""));

    [Fact]
    public async Task ArrayLength_WhenNineItems_ShouldBe9() =>
        Asl.JsonEqual("9", await EvalAsync("States.ArrayLength($.inputArray)", """{"inputArray": [1,2,3,4,5,6,7,8,9]}"""));

    [Fact]
    public async Task ArrayUnique_WhenDuplicates_ShouldKeepFirstOccurrences() =>
        Asl.JsonEqual("[1,2,3,4]", await EvalAsync("States.ArrayUnique($.inputArray)", """{"inputArray": [1,2,3,3,3,3,3,3,4]}"""));

    [Fact]
    public async Task Base64Encode_WhenText_ShouldEncode() =>
        Assert.Equal("RGF0YSB0byBlbmNvZGU=", (await EvalAsync("States.Base64Encode($.input)", """{"input": "Data to encode"}"""))!.GetValue<string>());

    [Fact]
    public async Task Base64Decode_WhenBase64_ShouldDecode() =>
        Assert.Equal("Decoded data", (await EvalAsync("States.Base64Decode($.base64)", """{"base64": "RGVjb2RlZCBkYXRh"}"""))!.GetValue<string>());

    [Fact]
    public async Task Hash_WhenSha1_ShouldMatchDocumentedDigest() =>
        Assert.Equal("aaff4a450a104cd177d28d18d74485e8cae074b7", (await EvalAsync("States.Hash($.Data, $.Algorithm)", """{"Data": "input data", "Algorithm": "SHA-1"}"""))!.GetValue<string>());

    [Fact]
    public async Task JsonMerge_WhenShallow_ShouldLetSecondObjectWin() =>
        Asl.JsonEqual("""{"a": {"a3": 1, "a4": 2}, "b": 2, "c": 3}""",
            await EvalAsync("States.JsonMerge($.json1, $.json2, false)", """{"json1": {"a": {"a1": 1, "a2": 2}, "b": 2}, "json2": {"a": {"a3": 1, "a4": 2}, "c": 3}}"""));

    [Fact]
    public async Task MathRandom_WhenRangeAndSeed_ShouldStayInRangeAndRepeat()
    {
        var first = (await EvalAsync("States.MathRandom($.start, $.end, 1234)", """{"start": 1, "end": 999}"""))!.GetValue<int>();
        var second = (await EvalAsync("States.MathRandom($.start, $.end, 1234)", """{"start": 1, "end": 999}"""))!.GetValue<int>();
        Assert.InRange(first, 1, 998);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task MathAdd_WhenNegativeStep_ShouldAdd() =>
        Asl.JsonEqual("110", await EvalAsync("States.MathAdd($.value1, $.step)", """{"value1": 111, "step": -1}"""));

    /// <summary>AWS: "If you specify a non-integer value ..., Step Functions will round it off to the nearest integer."</summary>
    [Theory]
    [InlineData("States.MathAdd($.a, $.b)", """{"a": 1.4, "b": 2.5}""", "4")]
    [InlineData("States.MathAdd($.a, $.b)", """{"a": -1.5, "b": 0.2}""", "-1")]
    [InlineData("States.ArrayRange($.a, $.b, $.c)", """{"a": 0.6, "b": 4.4, "c": 1.5}""", "[1, 3]")]
    [InlineData("States.ArrayPartition($.list, $.size)", """{"list": [1, 2, 3], "size": 1.6}""", "[[1, 2], [3]]")]
    public async Task Rounding_WhenArgumentsAreNotIntegers_ShouldRoundThemToTheNearestInteger(string expression, string input, string expected) =>
        Asl.JsonEqual(expected, await EvalAsync(expression, input));

    [Fact]
    public async Task MathRandom_WhenStartAndEndAreNotIntegers_ShouldRoundThem() =>
        Assert.Equal(2, (await EvalAsync("States.MathRandom($.start, $.end)", """{"start": 1.5, "end": 2.6}"""))!.GetValue<int>());

    [Fact]
    public async Task StringSplit_WhenSeveralDelimiters_ShouldSplitOnEach()
    {
        Asl.JsonEqual("""["1","2","3","4","5"]""", await EvalAsync("States.StringSplit($.inputString, $.splitter)", """{"inputString": "1,2,3,4,5", "splitter": ","}"""));
        Asl.JsonEqual("""["This","is","a","test","string"]""", await EvalAsync("States.StringSplit($.inputString, $.splitter)", """{"inputString": "This.is+a,test=string", "splitter": ".+,="}"""));
    }

    [Fact]
    public async Task Uuid_WhenCalled_ShouldReturnVersion4Uuid()
    {
        var uuid = (await EvalAsync("States.UUID()"))!.GetValue<string>();
        Assert.True(Guid.TryParse(uuid, out var guid));
        Assert.Equal(4, guid.Version);
    }

    [Fact]
    public async Task Nested_WhenCallsAreNested_ShouldEvaluateInsideOut() =>
        Assert.Equal("3 items", (await EvalAsync("States.Format('{} items', States.ArrayLength(States.Array(1, 2, States.MathAdd(1, 2))))"))!.GetValue<string>());

    [Theory]
    [InlineData("States.ArrayLength($.text)")]
    [InlineData("States.MathAdd($.text, 1)")]
    [InlineData("States.ArrayGetItem($.list, 10)")]
    [InlineData("States.StringToJson($.text)")]
    [InlineData("States.Format('{} {}', 1)")]
    [InlineData("States.Hash($.text, 'SHA-999')")]
    [InlineData("States.JsonMerge($.list, $.list, false)")]
    [InlineData("States.ArrayPartition($.list, 0)")]
    [InlineData("States.Base64Decode('***')")]
    [InlineData("States.MathAdd(2147483648, 1)")]
    [InlineData("States.ArrayRange(1, 9, 0.4)")]
    public async Task Invoke_WhenArgumentsHaveWrongTypes_ShouldFailWithIntrinsicFailure(string expression)
    {
        var result = await FailAsync(expression, """{"text": "not json {", "list": [1, 2]}""");
        Assert.Equal("States.IntrinsicFailure", result.Error);
    }

    [Fact]
    public async Task Invoke_WhenIntrinsicFailureIsCaught_ShouldFollowTheCatcher()
    {
        var json = """
            { "StartAt": "T", "States": {
              "T": { "Type": "Task", "Resource": "arn:aws:lambda:us-east-1:1:function:f", "Parameters": { "n.$": "States.MathAdd('a', 1)" },
                     "Catch": [ { "ErrorEquals": ["States.IntrinsicFailure"], "Next": "Caught" } ], "End": true },
              "Caught": { "Type": "Pass", "End": true } } }
            """;
        var output = await Asl.OutputAsync(json, "{}", FakeInvoker.Returning("1"));
        Assert.Equal("States.IntrinsicFailure", output!["Error"]!.GetValue<string>());
    }
}
