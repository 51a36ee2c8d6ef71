using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Items;

/// <summary>
/// Writes results like Step Functions' <c>s3:putObject</c> ResultWriter into <c>root/bucket/prefix/mapRunId/</c>:
/// <c>SUCCEEDED_0.json</c>, <c>FAILED_0.json</c> and <c>manifest.json</c> (JSON arrays; one file per status, no splitting).
/// </summary>
public sealed class FolderResultWriter(string root) : IResultWriter
{
    public async ValueTask<JsonNode?> WriteResultsAsync(ResultWriterRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var bucket = JsonUtil.GetString(request.Arguments?["Bucket"]) ?? throw new InvalidOperationException("ResultWriter arguments need 'Bucket'");
        var prefix = (JsonUtil.GetString(request.Arguments?["Prefix"]) ?? string.Empty).Trim('/');
        var keyPrefix = string.IsNullOrEmpty(prefix) ? request.MapRunId : $"{prefix}/{request.MapRunId}";
        var folder = Path.GetFullPath(Path.Combine(root, bucket, keyPrefix));
        if (!folder.StartsWith(Path.GetFullPath(Path.Combine(root, bucket)), StringComparison.Ordinal)) { throw new InvalidOperationException("The prefix escapes the bucket"); }
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "SUCCEEDED_0.json"), JsonUtil.ToJson(request.Succeeded), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(folder, "FAILED_0.json"), JsonUtil.ToJson(request.Failed), cancellationToken);
        var manifest = new JsonObject
        {
            ["DestinationBucket"] = bucket,
            ["MapRunArn"] = request.MapRunId,
            ["ResultFiles"] = new JsonObject
            {
                ["SUCCEEDED"] = new JsonArray((JsonNode)new JsonObject { ["Key"] = $"{keyPrefix}/SUCCEEDED_0.json", ["Size"] = request.Succeeded.Count }),
                ["FAILED"] = new JsonArray((JsonNode)new JsonObject { ["Key"] = $"{keyPrefix}/FAILED_0.json", ["Size"] = request.Failed.Count }),
                ["PENDING"] = new JsonArray(),
            },
        };
        await File.WriteAllTextAsync(Path.Combine(folder, "manifest.json"), JsonUtil.ToJson(manifest), cancellationToken);
        return new JsonObject { ["Bucket"] = bucket, ["Key"] = $"{keyPrefix}/manifest.json" };
    }
}
