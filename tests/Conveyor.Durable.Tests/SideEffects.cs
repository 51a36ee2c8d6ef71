using System.Collections.Concurrent;

namespace Conveyor.Durable.Tests;

/// <summary>Counts how often each step body really ran.</summary>
public sealed class SideEffects
{
    private readonly ConcurrentDictionary<string, int> _runs = new(StringComparer.Ordinal);

    public int this[string name] => _runs.GetValueOrDefault(name);

    public IReadOnlyDictionary<string, int> All => _runs;

    public void Ran(string name) => _runs.AddOrUpdate(name, 1, (_, n) => n + 1);
}
