using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Conveyor.Testing.Moto;

/// <summary>
/// A real <c>moto_server</c> (local AWS emulator) on a free loopback port, for integration tests.
/// Fails with a clear message when moto is not installed: integration tests are never silently skipped.
/// </summary>
public sealed class MotoServer : IAsyncDisposable
{
    public const string Region = "us-east-1";
    public const string AccessKey = "testing";
    public const string SecretKey = "testing";
    public const string AccountId = "123456789012";

    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly Process _process;

    private MotoServer(Process process, int port)
    {
        _process = process;
        Port = port;
        Endpoint = new Uri($"http://127.0.0.1:{port}");
    }

    public int Port { get; }

    /// <summary>Point every AWS client's ServiceURL here.</summary>
    public Uri Endpoint { get; }

    public static async Task<MotoServer> StartAsync(CancellationToken cancellationToken = default)
    {
        var executable = FindExecutable();
        var port = FreePort();
        var start = new ProcessStartInfo(executable)
        {
            ArgumentList = { "-H", "127.0.0.1", "-p", port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.Environment["AWS_DEFAULT_REGION"] = Region;
        start.Environment["AWS_ACCESS_KEY_ID"] = AccessKey;
        start.Environment["AWS_SECRET_ACCESS_KEY"] = SecretKey;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {executable}.");
        var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) { log.Enqueue(e.Data); } };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new MotoServer(process, port);
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"moto_server exited with code {process.ExitCode}: {string.Join('\n', log.TakeLast(20))}");
            }

            try
            {
                using var response = await Http.GetAsync(new Uri(server.Endpoint, "/moto-api/data.json"), cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return server;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }

            await Task.Delay(200, cancellationToken);
        }

        await server.DisposeAsync();
        throw new TimeoutException($"moto_server did not answer on port {port} within 60 s: {string.Join('\n', log.TakeLast(20))}");
    }

    /// <summary>Forgets every resource (POST /moto-api/reset).</summary>
    public async Task ResetAsync(CancellationToken cancellationToken = default)
    {
        using var response = await Http.PostAsync(new Uri(Endpoint, "/moto-api/reset"), content: null, cancellationToken);
        response.EnsureSuccessStatusCode();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                await _process.WaitForExitAsync();
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
    }

    private static string FindExecutable()
    {
        var fromEnv = Environment.GetEnvironmentVariable("MOTO_SERVER");
        if (!string.IsNullOrEmpty(fromEnv) && File.Exists(fromEnv))
        {
            return fromEnv;
        }

        var path = Environment.GetEnvironmentVariable("PATH") ?? string.Empty;
        var home = Environment.GetEnvironmentVariable("HOME") ?? "/root";
        var candidates = path.Split(Path.PathSeparator)
            .Append(Path.Combine(home, ".pyenv", "shims"))
            .Append(Path.Combine(home, ".local", "bin"))
            .Select(dir => Path.Combine(dir, "moto_server"));
        return candidates.FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException(
                "moto_server was not found on PATH. The AWS integration tests need it: run `.ci/install-moto` " +
                "(pip install 'moto[server]' where PyPI is reachable) or set MOTO_SERVER to its path.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
