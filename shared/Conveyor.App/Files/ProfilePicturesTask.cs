using System.Text.Json;
using Conveyor.Core.Actions;
using Conveyor.Core.Files;
using Conveyor.Core.Validation;

namespace Conveyor.App.Files;

/// <summary>
/// Profile pictures: uploading <c>123.jpg</c> sends <c>ChangeProfilePicture {picture: "123.jpg"}</c> to customer
/// <c>123</c> (the file name before its first <c>.</c>); deleting it sends <c>ChangeProfilePicture {picture: null}</c>.
/// </summary>
public sealed class ProfilePicturesTask : IFileTask
{
    public const string TaskName = "ProfilePictures";
    public const string Aggregate = "customer";
    public const string CommandType = "ChangeProfilePicture";

    public string Name => TaskName;

    public FileTaskSetup Setup(FileTaskContext context) => new(
        [new BucketDefinition(null, BucketMode.ReadWrite, OnEventAsync)],
        [FileTaskSideEffect.PublishesTo(Aggregate)]);

    /// <summary>The customer id of a picture key: the file name (after the last <c>/</c>) before its first <c>.</c>.</summary>
    /// <exception cref="ValidationException">The file name has nothing before its first dot.</exception>
    public static string CustomerIdOf(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var fileName = key[(key.LastIndexOf('/') + 1)..];
        var dot = fileName.IndexOf('.', StringComparison.Ordinal);
        var id = dot < 0 ? fileName : fileName[..dot];
        return string.IsNullOrWhiteSpace(id)
            ? throw new ValidationException($"The profile picture '{key}' has no customer id: name pictures <customer id>.<extension>, e.g. 123.jpg.", nameof(key))
            : id;
    }

    private static ValueTask<IReadOnlyList<FileTaskAction>> OnEventAsync(BucketEvent evt, FileTaskContext context, CancellationToken cancellationToken)
    {
        if (!evt.IsCreated && !evt.IsRemoved)
        {
            return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([]);
        }

        var command = Command(evt.IsCreated ? evt.Key : null);
        var message = new CommandFactory(context.ServiceName, context.Clock).Create(
            CustomerIdOf(evt.Key),
            command,
            user: $"file-task:{TaskName}",
            correlationId: context.CorrelationId ?? Guid.NewGuid().ToString(),
            msgIdSeed: IdempotencyKeys.ForBucketEvent(evt, TaskName));
        return ValueTask.FromResult<IReadOnlyList<FileTaskAction>>([new PublishCommands(Aggregate, [message])]);
    }

    private static JsonElement Command(string? picture) => JsonValues.Build(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("type", CommandType);
        if (picture is null)
        {
            writer.WriteNull("picture");
        }
        else
        {
            writer.WriteString("picture", picture);
        }

        writer.WriteEndObject();
    });
}
