namespace Local.Commands;

/// <summary>
/// Prints a sequenced log (notifications, commands) page by page, and with <c>follow</c> keeps polling for new entries
/// until Ctrl+C — the loop <c>notifications</c> and <c>commands</c> share.
/// </summary>
internal static class SequenceFollower
{
    private static readonly TimeSpan FollowInterval = TimeSpan.FromMilliseconds(500);

    /// <param name="readAfter">Reads the entries after a sequence number (an empty page: nothing new).</param>
    public static async Task<int> PrintAsync<T>(
        Func<long, CancellationToken, Task<IReadOnlyList<T>>> readAfter,
        Func<T, long> sequenceOf,
        Func<T, string> format,
        bool follow,
        CancellationToken cancellationToken)
    {
        var after = 0L;
        try
        {
            while (true)
            {
                var page = await readAfter(after, cancellationToken);
                foreach (var entry in page)
                {
                    Console.Out.WriteLine(format(entry));
                }

                if (page.Count > 0)
                {
                    after = sequenceOf(page[^1]);
                    continue;
                }

                if (!follow) { return ExitCodes.Success; }
                await Task.Delay(FollowInterval, cancellationToken);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return ExitCodes.Success;
        }
    }
}
