namespace Conveyor.Core.Files;

/// <summary>Kinds of resource a file task uses besides its buckets.</summary>
public enum FileTaskSideEffectKind
{
    /// <summary>Publishes commands to the queue of the named aggregate (needs send permission on that queue).</summary>
    CommandQueue,

    /// <summary>Creates or deletes schedules whose names start with the given prefix (needs the scheduler role).</summary>
    Schedules,

    /// <summary>Starts tasks of the named type (needs write access to the tasks table).</summary>
    Tasks,

    /// <summary>Starts executions of the named durable workflow (needs to invoke its durable function, and write access to the tasks table).</summary>
    Workflows,
}
