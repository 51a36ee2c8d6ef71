namespace Conveyor.Aws.Http;

/// <summary>Turns parsed error details into the exception type callers branch on.</summary>
public static class AwsErrorMapper
{
    /// <summary>The common mapping; <paramref name="serviceSpecific"/> gets the first say (e.g. Step Functions' ExecutionAlreadyExists).</summary>
    public static AwsServiceException ToException(AwsErrorDetails details, Func<AwsErrorDetails, AwsServiceException?>? serviceSpecific = null)
    {
        ArgumentNullException.ThrowIfNull(details);
        if (serviceSpecific?.Invoke(details) is { } specific)
        {
            return specific;
        }

        return details.ErrorCode switch
        {
            "ResourceNotFoundException" or "ResourceNotFound" or "NotFound" or "NotFoundException"
                or "StateMachineDoesNotExist" or "ExecutionDoesNotExist" => new AwsResourceNotFoundException(details),
            "ConflictException" => new AwsConflictException(details),
            _ => new AwsServiceException(details),
        };
    }
}
