using System.Text.Json.Nodes;

namespace Conveyor.States.Execution;

/// <summary>Execution-wide parts of the context object, built once per execution.</summary>
internal sealed class ExecutionInfo
{
    public ExecutionInfo(string executionId, string executionName, string stateMachineName, JsonNode? input, DateTimeOffset startTime)
    {
        ExecutionId = executionId;
        ExecutionName = executionName;
        StateMachineName = stateMachineName;
        StartTime = startTime;
        var stateMachineId = $"arn:aws:states:local:000000000000:stateMachine:{stateMachineName}";
        // Kept under a holder so any consumer copies instead of adopting these nodes.
        Holder = new JsonObject
        {
            ["Execution"] = new JsonObject
            {
                ["Id"] = executionId,
                ["Input"] = input?.DeepClone(),
                ["Name"] = executionName,
                ["RoleArn"] = "arn:aws:iam::000000000000:role/local",
                ["StartTime"] = Timestamp(startTime),
                ["RedriveCount"] = 0,
            },
            ["StateMachine"] = new JsonObject { ["Id"] = stateMachineId, ["Name"] = stateMachineName },
        };
    }

    public string ExecutionId { get; }

    public string ExecutionName { get; }

    public string StateMachineName { get; }

    public DateTimeOffset StartTime { get; }

    public JsonObject Holder { get; }

    public static string Timestamp(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
