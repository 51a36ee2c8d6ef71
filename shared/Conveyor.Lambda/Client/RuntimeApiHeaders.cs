namespace Conveyor.Lambda.Client;

/// <summary>Header names and content types of the Lambda Runtime API (version 2018-06-01).</summary>
public static class RuntimeApiHeaders
{
    public const string RequestId = "Lambda-Runtime-Aws-Request-Id";
    public const string DeadlineMs = "Lambda-Runtime-Deadline-Ms";
    public const string InvokedFunctionArn = "Lambda-Runtime-Invoked-Function-Arn";
    public const string TraceId = "Lambda-Runtime-Trace-Id";
    public const string ClientContext = "Lambda-Runtime-Client-Context";
    public const string CognitoIdentity = "Lambda-Runtime-Cognito-Identity";
    public const string FunctionErrorType = "Lambda-Runtime-Function-Error-Type";

    /// <summary>The content type of an error body posted to <c>/error</c> and <c>/init/error</c>.</summary>
    public const string ErrorContentType = "application/vnd.aws.lambda.error+json";

    /// <summary>The API version segment every runtime path starts with.</summary>
    public const string ApiVersion = "2018-06-01";
}
