using Conveyor.Core.Actions;

namespace Conveyor.Core.Files;

/// <summary>
/// Reacts to one bucket event by returning the actions to take; it should not perform effects itself, so the
/// <see cref="ActionExecutor"/> can run, report and (on redelivery) repeat them idempotently.
/// </summary>
public delegate ValueTask<IReadOnlyList<FileTaskAction>> FileTaskCallback(BucketEvent evt, FileTaskContext context, CancellationToken cancellationToken);
