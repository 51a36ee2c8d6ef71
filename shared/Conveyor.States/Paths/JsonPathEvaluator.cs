using System.Text.Json.Nodes;
using Conveyor.States.Json;

namespace Conveyor.States.Paths;

/// <summary>Evaluates compiled paths against a node. Definite paths return the node itself (not a copy).</summary>
internal static class JsonPathEvaluator
{
    /// <summary>Applies the path's segments to <paramref name="root"/>; false when a definite path does not exist.</summary>
    public static bool TryEvaluate(JsonPath path, JsonNode? root, out JsonNode? result) =>
        TryEvaluate(path.Segments, path.IsDefinite, root, out result);

    public static bool TryEvaluate(IReadOnlyList<PathSegment> segments, bool definite, JsonNode? root, out JsonNode? result)
    {
        if (definite)
        {
            return TryNavigate(root, segments, out result);
        }

        var matches = new List<JsonNode?>();
        Collect(root, root, segments, 0, matches);
        var array = new JsonArray();
        foreach (var match in matches)
        {
            array.Add(JsonUtil.Clone(match));
        }

        result = array;
        return true;
    }

    public static bool TryNavigate(JsonNode? node, IReadOnlyList<PathSegment> segments, out JsonNode? result)
    {
        foreach (var segment in segments)
        {
            switch (segment)
            {
                case NameSegment name when node is JsonObject obj && obj.TryGetPropertyValue(name.Name, out var child):
                    node = child;
                    break;
                case IndexSegment index when node is JsonArray array:
                    var i = index.Index < 0 ? array.Count + index.Index : index.Index;
                    if (i < 0 || i >= array.Count) { result = null; return false; }
                    node = array[i];
                    break;
                default:
                    result = null;
                    return false;
            }
        }

        result = node;
        return true;
    }

    private static void Collect(JsonNode? node, JsonNode? root, IReadOnlyList<PathSegment> segments, int index, List<JsonNode?> matches)
    {
        if (index == segments.Count)
        {
            matches.Add(node);
            return;
        }

        var next = index + 1;
        switch (segments[index])
        {
            case NameSegment name:
                if (node is JsonObject o && o.TryGetPropertyValue(name.Name, out var child)) { Collect(child, root, segments, next, matches); }
                break;
            case IndexSegment idx:
                if (node is JsonArray a)
                {
                    var i = idx.Index < 0 ? a.Count + idx.Index : idx.Index;
                    if (i >= 0 && i < a.Count) { Collect(a[i], root, segments, next, matches); }
                }

                break;
            case WildcardSegment:
                foreach (var c in Children(node)) { Collect(c, root, segments, next, matches); }
                break;
            case UnionSegment union:
                foreach (var key in union.Keys)
                {
                    var seg = key is string s ? (PathSegment)new NameSegment(s) : new IndexSegment((int)key);
                    if (TryNavigate(node, [seg], out var n)) { Collect(n, root, segments, next, matches); }
                }

                break;
            case SliceSegment slice when node is JsonArray arr:
                foreach (var i in SliceIndexes(slice, arr.Count)) { Collect(arr[i], root, segments, next, matches); }
                break;
            case FilterSegment filter:
                foreach (var c in Children(node))
                {
                    if (filter.Expression.IsTrue(c, root)) { Collect(c, root, segments, next, matches); }
                }

                break;
            case DeepScanSegment deep:
                DeepScan(node, root, deep.Name, segments, next, matches);
                break;
        }
    }

    private static void DeepScan(JsonNode? node, JsonNode? root, string? name, IReadOnlyList<PathSegment> segments, int next, List<JsonNode?> matches)
    {
        if (name is null)
        {
            foreach (var c in Children(node))
            {
                Collect(c, root, segments, next, matches);
                DeepScan(c, root, name, segments, next, matches);
            }

            return;
        }

        if (node is JsonObject o && o.TryGetPropertyValue(name, out var hit)) { Collect(hit, root, segments, next, matches); }
        foreach (var c in Children(node)) { DeepScan(c, root, name, segments, next, matches); }
    }

    private static IEnumerable<JsonNode?> Children(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value),
        JsonArray a => a,
        _ => [],
    };

    private static IEnumerable<int> SliceIndexes(SliceSegment slice, int count)
    {
        int Norm(int v) => v < 0 ? Math.Max(0, count + v) : Math.Min(v, count);
        if (slice.Step > 0)
        {
            var start = slice.Start is { } s ? Norm(s) : 0;
            var end = slice.End is { } e ? Norm(e) : count;
            for (var i = start; i < end; i += slice.Step) { yield return i; }
        }
        else
        {
            var start = slice.Start is { } s ? Math.Min(Norm(s), count - 1) : count - 1;
            var end = slice.End is { } e ? Norm(e) : -1;
            for (var i = start; i > end; i += slice.Step) { yield return i; }
        }
    }
}
