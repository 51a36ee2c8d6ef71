using System.Buffers;
using System.Text.Json;
using Conveyor.Aws.Http;
using Conveyor.Aws.Signing;

namespace Conveyor.Aws.Scheduler;

/// <summary>
/// A thin Amazon EventBridge Scheduler client (REST-JSON): <c>POST</c>/<c>PUT</c>/<c>GET</c>/<c>DELETE</c>
/// <c>/schedules/{Name}</c>, with <c>groupName</c> as a query parameter on GET and DELETE.
/// </summary>
public sealed class SchedulerClient(AwsRequestSender sender)
{
    private const string JsonContentType = "application/json";

    private readonly AwsRequestSender _sender = sender ?? throw new ArgumentNullException(nameof(sender));

    /// <summary>Creates a schedule; returns its ARN.</summary>
    /// <exception cref="AwsConflictException">A schedule with this name exists in the group.</exception>
    public Task<string> CreateScheduleAsync(ScheduleDefinition definition, CancellationToken cancellationToken) =>
        PutOrPostAsync(HttpMethod.Post, definition, cancellationToken);

    /// <summary>Replaces every field of an existing schedule; returns its ARN.</summary>
    /// <exception cref="AwsResourceNotFoundException">No schedule with this name in the group.</exception>
    public Task<string> UpdateScheduleAsync(ScheduleDefinition definition, CancellationToken cancellationToken) =>
        PutOrPostAsync(HttpMethod.Put, definition, cancellationToken);

    /// <exception cref="AwsResourceNotFoundException">No schedule with this name in the group.</exception>
    public async Task<ScheduleDescription> GetScheduleAsync(string name, string? groupName, CancellationToken cancellationToken)
    {
        var request = new AwsHttpRequest(HttpMethod.Get, SchedulePath(name)) { Query = GroupQuery(groupName, clientToken: null) };
        var response = await _sender.SendAsync(request, cancellationToken);
        using var document = AwsJsonProtocol.ParseBody(response.Body);
        var root = document.RootElement;
        var target = root.TryGetProperty("Target", out var t) && t.ValueKind == JsonValueKind.Object
            ? new ScheduleTargetDefinition(Text(t, "Arn") ?? string.Empty, Text(t, "RoleArn") ?? string.Empty, Text(t, "Input"))
            : new ScheduleTargetDefinition(string.Empty, string.Empty);
        var window = root.TryGetProperty("FlexibleTimeWindow", out var w) && w.ValueKind == JsonValueKind.Object ? Text(w, "Mode") : null;
        return new ScheduleDescription(
            Text(root, "Arn") ?? string.Empty,
            Text(root, "Name") ?? name,
            Text(root, "GroupName"),
            Text(root, "ScheduleExpression") ?? throw new AwsServiceException($"GetSchedule for '{name}' returned no ScheduleExpression."),
            Text(root, "ScheduleExpressionTimezone"),
            Text(root, "State"),
            Text(root, "ActionAfterCompletion"),
            window,
            target);
    }

    /// <exception cref="AwsResourceNotFoundException">No schedule with this name in the group.</exception>
    public async Task DeleteScheduleAsync(string name, string? groupName, string? clientToken, CancellationToken cancellationToken)
    {
        var request = new AwsHttpRequest(HttpMethod.Delete, SchedulePath(name)) { Query = GroupQuery(groupName, clientToken) };
        await _sender.SendAsync(request, cancellationToken);
    }

    /// <summary>The JSON body of CreateSchedule/UpdateSchedule (the name travels in the path).</summary>
    public static byte[] WriteBody(ScheduleDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            WriteIfSet(writer, "ActionAfterCompletion", definition.ActionAfterCompletion);
            WriteIfSet(writer, "ClientToken", definition.ClientToken);
            WriteIfSet(writer, "Description", definition.Description);
            writer.WriteStartObject("FlexibleTimeWindow");
            writer.WriteString("Mode", definition.FlexibleTimeWindowMode);
            if (definition.MaximumWindowInMinutes is { } minutes)
            {
                writer.WriteNumber("MaximumWindowInMinutes", minutes);
            }

            writer.WriteEndObject();
            WriteIfSet(writer, "GroupName", definition.GroupName);
            writer.WriteString("ScheduleExpression", definition.ScheduleExpression);
            WriteIfSet(writer, "ScheduleExpressionTimezone", definition.ScheduleExpressionTimezone);
            WriteIfSet(writer, "State", definition.State);
            writer.WriteStartObject("Target");
            writer.WriteString("Arn", definition.Target.Arn);
            writer.WriteString("RoleArn", definition.Target.RoleArn);
            WriteIfSet(writer, "Input", definition.Target.Input);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private async Task<string> PutOrPostAsync(HttpMethod method, ScheduleDefinition definition, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(definition);
        var request = new AwsHttpRequest(method, SchedulePath(definition.Name), JsonContentType, WriteBody(definition));
        var response = await _sender.SendAsync(request, cancellationToken);
        using var document = AwsJsonProtocol.ParseBody(response.Body);
        return Text(document.RootElement, "ScheduleArn") ?? string.Empty;
    }

    private static string SchedulePath(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return "/schedules/" + SigV4Canonicalizer.UriEncode(name, encodeSlash: true);
    }

    private static List<KeyValuePair<string, string>> GroupQuery(string? groupName, string? clientToken)
    {
        var query = new List<KeyValuePair<string, string>>();
        if (clientToken is not null)
        {
            query.Add(new("clientToken", clientToken));
        }

        if (groupName is not null)
        {
            query.Add(new("groupName", groupName));
        }

        return query;
    }

    private static void WriteIfSet(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
