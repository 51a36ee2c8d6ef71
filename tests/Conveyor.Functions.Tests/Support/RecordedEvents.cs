using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Conveyor.Functions.Tests.Support;

/// <summary>Reads the recorded sample events (copied from the repository's events/ folder).</summary>
internal static class RecordedEvents
{
    public static string Path(string name) => System.IO.Path.Combine(AppContext.BaseDirectory, "events", name);

    public static byte[] Bytes(string name) => File.ReadAllBytes(Path(name));

    public static T Read<T>(string name, JsonTypeInfo<T> typeInfo) =>
        JsonSerializer.Deserialize(Bytes(name), typeInfo) ?? throw new InvalidOperationException($"{name} is null.");
}
