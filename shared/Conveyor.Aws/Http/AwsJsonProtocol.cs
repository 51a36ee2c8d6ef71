using System.Text.Json;

namespace Conveyor.Aws.Http;

/// <summary>
/// The AWS JSON 1.0 protocol (Step Functions and friends): <c>POST /</c> with
/// <c>Content-Type: application/x-amz-json-1.0</c> and <c>X-Amz-Target: {prefix}.{operation}</c>.
/// </summary>
public sealed class AwsJsonProtocol(AwsRequestSender sender, string targetPrefix)
{
    public const string ContentType = "application/x-amz-json-1.0";

    private readonly AwsRequestSender _sender = sender ?? throw new ArgumentNullException(nameof(sender));
    private readonly string _targetPrefix = string.IsNullOrWhiteSpace(targetPrefix)
        ? throw new ArgumentException("A target prefix such as 'AWSStepFunctions' is required.", nameof(targetPrefix))
        : targetPrefix;

    /// <summary>Calls <paramref name="operation"/> with the UTF-8 JSON <paramref name="body"/>; returns the parsed response (an empty body reads as <c>{}</c>).</summary>
    public async Task<JsonDocument> InvokeAsync(string operation, ReadOnlyMemory<byte> body, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(operation);
        var request = new AwsHttpRequest(HttpMethod.Post, "/", ContentType, body.IsEmpty ? "{}"u8.ToArray() : body)
        {
            Headers = [new("X-Amz-Target", $"{_targetPrefix}.{operation}")],
        };
        var response = await _sender.SendAsync(request, cancellationToken);
        return ParseBody(response.Body);
    }

    internal static JsonDocument ParseBody(ReadOnlyMemory<byte> body)
    {
        try
        {
            return JsonDocument.Parse(body.IsEmpty ? "{}"u8.ToArray() : body);
        }
        catch (JsonException ex)
        {
            throw new AwsServiceException($"The AWS response was not valid JSON: {ex.Message}", ex);
        }
    }
}
