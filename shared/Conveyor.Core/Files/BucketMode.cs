namespace Conveyor.Core.Files;

/// <summary>What a file task may do with its bucket; the template grants least privilege from it.</summary>
public enum BucketMode
{
    Read,
    Write,
    ReadWrite,
}
