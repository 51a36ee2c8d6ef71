namespace Conveyor.Core.Tasks;

/// <summary>The primary key of a task row: partition key and sort key. <see cref="Id"/> is <c>pk#sk</c>.</summary>
public readonly record struct TaskKey(string Pk, string Sk)
{
    public string Id => $"{Pk}#{Sk}";

    /// <summary>Parses <c>TASK#tenant#type#ULID[#index]</c> or <c>SFN_TASK#tenant#...</c> back into pk and sk.</summary>
    public static TaskKey ParseId(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        var first = id.IndexOf('#', StringComparison.Ordinal);
        var second = first < 0 ? -1 : id.IndexOf('#', first + 1);
        if (second < 0 || second == id.Length - 1)
        {
            throw new FormatException($"'{id}' is not a task id; expected '<TASK|SFN_TASK>#<tenant>#<type>#<ulid>'.");
        }

        var key = new TaskKey(id[..second], id[(second + 1)..]);
        _ = TaskKeys.KindOf(key);
        return key;
    }

    public override string ToString() => Id;
}
