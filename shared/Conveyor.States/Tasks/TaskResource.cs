namespace Conveyor.States.Tasks;

/// <summary>A parsed Task Resource ARN: a Lambda function ARN, an activity, or a service integration.</summary>
public sealed record TaskResource(string Arn, string Service, string? Action, IntegrationPattern Pattern)
{
    /// <summary>True for <c>arn:aws:states:::lambda:invoke</c> (the optimized Lambda integration with a wrapped result).</summary>
    public bool IsLambdaInvoke => Service == "lambda" && Action == "invoke";

    /// <summary>True for a plain Lambda function ARN (the raw function result is the task result).</summary>
    public bool IsLambdaFunction => Service == "lambda-function";

    public static TaskResource Parse(string arn)
    {
        ArgumentNullException.ThrowIfNull(arn);
        var parts = arn.Split(':');
        if (parts.Length >= 7 && parts[2] == "lambda" && parts[5] == "function")
        {
            return new TaskResource(arn, "lambda-function", parts[6], IntegrationPattern.RequestResponse);
        }

        if (parts.Length >= 6 && parts[2] == "states" && parts[5] == "activity")
        {
            return new TaskResource(arn, "activity", parts.Length > 6 ? parts[6] : null, IntegrationPattern.RequestResponse);
        }

        if (parts.Length >= 7 && parts[2] == "states" && parts[3].Length == 0 && parts[4].Length == 0)
        {
            // arn:aws:states:::service:action[.sync[:2]|.waitForTaskToken]
            var service = parts[5];
            var action = string.Join(':', parts.Skip(6));
            var pattern = IntegrationPattern.RequestResponse;
            if (action.EndsWith(".waitForTaskToken", StringComparison.Ordinal))
            {
                pattern = IntegrationPattern.WaitForTaskToken;
                action = action[..^".waitForTaskToken".Length];
            }
            else if (action.Contains(".sync", StringComparison.Ordinal))
            {
                pattern = IntegrationPattern.Sync;
                action = action[..action.IndexOf(".sync", StringComparison.Ordinal)];
            }

            return new TaskResource(arn, service, action, pattern);
        }

        return new TaskResource(arn, "unknown", null, IntegrationPattern.RequestResponse);
    }
}
