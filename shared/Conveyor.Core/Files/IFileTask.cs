namespace Conveyor.Core.Files;

/// <summary>A file task: a name (PascalCase by convention, e.g. <c>ImportCsv</c>) and its buckets and side effects.</summary>
public interface IFileTask
{
    string Name { get; }

    /// <summary>Declares the buckets and side effects. Called once at start-up; must not perform I/O.</summary>
    FileTaskSetup Setup(FileTaskContext context);
}
