using System.Diagnostics;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Local.EndToEnd.Tests.Browser;

/// <summary>
/// Debian's Chromium, headless, driven over the Chrome DevTools Protocol (one page, one WebSocket): navigate, evaluate
/// JavaScript, take a screenshot. Started with the flags that work on a closed network and a fresh profile folder.
/// </summary>
internal sealed class HeadlessChromium : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _profile;
    private readonly ClientWebSocket _socket;
    private int _nextId;

    private HeadlessChromium(Process process, string profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
    }

    /// <summary>The browser executable: <c>CONVEYOR_CHROMIUM</c>, else chromium on the usual paths; null when none is installed.</summary>
    public static string? FindExecutable()
    {
        var candidates = new[] { Environment.GetEnvironmentVariable("CONVEYOR_CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome" };
        return candidates.FirstOrDefault(c => !string.IsNullOrEmpty(c) && File.Exists(c));
    }

    public const string MissingMessage =
        "The dashboard test needs Chromium and none was found (CONVEYOR_CHROMIUM, /usr/bin/chromium). "
        + "Install it with `apt-get install chromium` (scripts/ensure-test-tools.sh does this when run as root), "
        + "or set CONVEYOR_CHROMIUM to a Chromium or Chrome executable.";

    public static async Task<HeadlessChromium> LaunchAsync(int width, int height, CancellationToken cancellationToken)
    {
        var executable = FindExecutable() ?? throw new InvalidOperationException(MissingMessage);
        var profile = Path.Combine(Path.GetTempPath(), "conveyor-chromium-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(profile);
        var start = new ProcessStartInfo(executable) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--hide-scrollbars", $"--user-data-dir={profile}",
            "--remote-debugging-port=0", "--remote-debugging-address=127.0.0.1", $"--window-size={width},{height}", "about:blank",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{executable} did not start.");
        try
        {
            var endpoint = await ReadDevToolsEndpointAsync(process, cancellationToken);
            using var http = new HttpClient { BaseAddress = new Uri($"http://{endpoint.Authority}/") };
            var targets = await http.GetFromJsonAsync<JsonArray>("json/list", cancellationToken) ?? [];
            var page = targets.OfType<JsonObject>().FirstOrDefault(t => (string?)t["type"] == "page")
                ?? throw new InvalidOperationException("Chromium has no page target.");
            var socket = new ClientWebSocket();
            await socket.ConnectAsync(new Uri((string)page["webSocketDebuggerUrl"]!), cancellationToken);
            return new HeadlessChromium(process, profile, socket);
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async Task NavigateAsync(Uri url, CancellationToken cancellationToken)
    {
        await SendAsync("Page.enable", new JsonObject(), cancellationToken);
        await SendAsync("Page.navigate", new JsonObject { ["url"] = url.ToString() }, cancellationToken);
    }

    /// <summary>The value of a JavaScript expression, as JSON (exceptions in the page surface as InvalidOperationException).</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken cancellationToken)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject { ["expression"] = expression, ["returnByValue"] = true, ["awaitPromise"] = true }, cancellationToken);
        if (result["exceptionDetails"] is { } error)
        {
            throw new InvalidOperationException($"The page threw evaluating {expression}: {error.ToJsonString()}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    public async Task<byte[]> ScreenshotPngAsync(CancellationToken cancellationToken)
    {
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true }, cancellationToken);
        return Convert.FromBase64String((string)result["data"]!);
    }

    /// <summary>A PNG of the element <paramref name="selector"/> selects (its box on the page, scrolled into view first).</summary>
    public async Task<byte[]> ScreenshotPngAsync(string selector, CancellationToken cancellationToken)
    {
        var box = await EvaluateAsync(
            $"(() => {{ const e = document.querySelector({JsonValue.Create(selector).ToJsonString()}); e.scrollIntoView(); const r = e.getBoundingClientRect(); return {{ x: r.x + window.scrollX, y: r.y + window.scrollY, width: r.width, height: r.height }}; }})()",
            cancellationToken) ?? throw new InvalidOperationException($"Nothing on the page matches {selector}.");
        var clip = new JsonObject { ["x"] = (double)box["x"]!, ["y"] = (double)box["y"]!, ["width"] = (double)box["width"]!, ["height"] = (double)box["height"]!, ["scale"] = 1 };
        var result = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png", ["captureBeyondViewport"] = true, ["clip"] = clip }, cancellationToken);
        return Convert.FromBase64String((string)result["data"]!);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, timeout.Token);
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The browser is killed below anyway.
        }

        _socket.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_profile, recursive: true);
        }
        catch (IOException)
        {
            // Best effort.
        }
    }

    private static async Task<Uri> ReadDevToolsEndpointAsync(Process process, CancellationToken cancellationToken)
    {
        // Chromium prints "DevTools listening on ws://127.0.0.1:<port>/devtools/browser/<id>" on stderr once it listens.
        var seen = new StringBuilder();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (await process.StandardError.ReadLineAsync(timeout.Token) is { } line)
        {
            seen.AppendLine(line);
            const string Marker = "DevTools listening on ";
            var at = line.IndexOf(Marker, StringComparison.Ordinal);
            if (at >= 0)
            {
                _ = DrainAsync(process.StandardError);
                _ = DrainAsync(process.StandardOutput);
                return new Uri(line[(at + Marker.Length)..].Trim());
            }
        }

        throw new InvalidOperationException($"Chromium exited before listening for DevTools:\n{seen}");
    }

    private static async Task DrainAsync(StreamReader reader)
    {
        try
        {
            while (await reader.ReadLineAsync() is not null)
            {
                // Chromium's own logging is not part of the test.
            }
        }
        catch (ObjectDisposedException)
        {
            // The process was disposed.
        }
    }

    private async Task<JsonObject> SendAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        var id = ++_nextId;
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters };
        await _socket.SendAsync(Encoding.UTF8.GetBytes(message.ToJsonString()), WebSocketMessageType.Text, endOfMessage: true, cancellationToken);
        var buffer = new byte[64 * 1024];
        while (true)
        {
            using var frame = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await _socket.ReceiveAsync(buffer, cancellationToken);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    throw new InvalidOperationException("Chromium closed the DevTools connection.");
                }

                frame.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            var reply = JsonNode.Parse(frame.ToArray())!.AsObject();
            if ((int?)reply["id"] != id)
            {
                continue; // an event, or the answer to nothing we wait for
            }

            if (reply["error"] is { } error)
            {
                throw new InvalidOperationException($"{method} failed: {error.ToJsonString()}");
            }

            return reply["result"]?.AsObject() ?? [];
        }
    }
}
