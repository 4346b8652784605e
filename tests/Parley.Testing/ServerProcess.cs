using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Headers;

namespace Parley.Testing;

/// <summary>
/// The real server as a child process (<c>dotnet Parley.Server.dll</c> from the solution's build output, with its
/// shipped appsettings.json): for tests that measure the server process itself (memory, log output) or kill it.
/// Free loopback ports, a temporary data directory and a known admin token; killed and cleaned up on dispose.
/// All three standard streams are redirected so a child left running can never hold the test run's output pipe.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _output = [];
    private readonly string? _dataDirectory; // null: the caller's, kept

    private ServerProcess(Process process, Uri baseUri, string adminToken, string? dataDirectory)
    {
        _process = process;
        BaseUri = baseUri;
        AdminToken = adminToken;
        _dataDirectory = dataDirectory;
        _process.OutputDataReceived += (_, e) => Collect(e.Data);
        _process.ErrorDataReceived += (_, e) => Collect(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri => new($"ws://{BaseUri.Authority}/ws");

    public string AdminToken { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the server has written to stdout and stderr so far, line by line.</summary>
    public IReadOnlyList<string> OutputLines
    {
        get
        {
            lock (_output)
            {
                return [.. _output];
            }
        }
    }

    /// <summary>The server process's resident set now (<c>VmRSS</c>), in bytes.</summary>
    public long ResidentBytes => ReadStatus("VmRSS:");

    /// <summary>The largest resident set the server process has had (<c>VmHWM</c>), in bytes.</summary>
    public long PeakResidentBytes => ReadStatus("VmHWM:");

    /// <summary>
    /// Starts the server and waits until <c>/healthz</c> answers. <paramref name="settings"/> become command-line keys.
    /// Give <paramref name="dataDirectory"/> to start again on the database of an earlier (killed) process; it is then
    /// left in place on dispose.
    /// </summary>
    /// <remarks><paramref name="executable"/>: a published <c>parley-server</c> to run instead of <c>dotnet Parley.Server.dll</c>.</remarks>
    public static async Task<ServerProcess> StartAsync(bool dev = true, IReadOnlyDictionary<string, string>? settings = null, string? dataDirectory = null,
        string? executable = null)
    {
        var ownsDirectory = dataDirectory is null;
        dataDirectory ??= Path.Combine(Path.GetTempPath(), "parley-process-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(dataDirectory);
        var port = FreePorts.Next();
        var adminToken = "process-admin-" + Guid.NewGuid().ToString("N");
        var start = new ProcessStartInfo(executable ?? "dotnet")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (executable is null)
        {
            start.ArgumentList.Add(ServerAssemblyPath());
        }
        else
        {
            // A self-contained server must not need a .NET install: no dotnet on its PATH, no DOTNET_ROOT.
            start.Environment["PATH"] = "/usr/bin:/bin";
            start.Environment.Remove("DOTNET_ROOT");
        }

        foreach (var argument in Arguments(port, adminToken, dataDirectory, dev, settings))
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var server = new ServerProcess(process, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"), adminToken,
            ownsDirectory ? dataDirectory : null);
        try
        {
            await server.WaitUntilHealthyAsync(TimeSpan.FromSeconds(90));
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    /// <summary>
    /// Starts the server with <paramref name="settings"/> expecting it to refuse to start; answers its exit code and
    /// what it printed. Throws when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public static async Task<(int ExitCode, IReadOnlyList<string> Output)> RunUntilExitAsync(IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "parley-process-" + Guid.NewGuid().ToString("N"));
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(ServerAssemblyPath());
        foreach (var argument in Arguments(FreePorts.Next(), "unused", dataDirectory, dev: true, settings))
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"The server was still running after {timeout}.");
        }
        finally
        {
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
            }
        }

        var lines = ((await output) + (await error)).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return (process.ExitCode, lines);
    }

    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>Ends the server at once, like <c>kill -9</c>: no graceful shutdown.</summary>
    public void Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit();
        }
    }

    /// <summary>
    /// Asks the server to stop as systemd or Ctrl+C would (SIGTERM) and waits for it to exit; answers its exit code.
    /// Throws when it is still running after <paramref name="timeout"/>.
    /// </summary>
    public async Task<int> TerminateAsync(TimeSpan timeout)
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Kill();
        _process.Dispose();
        await Task.Yield();
        try
        {
            if (_dataDirectory is not null)
            {
                Directory.Delete(_dataDirectory, recursive: true);
            }
        }
        catch (IOException)
        {
        }
    }

    private static IEnumerable<string> Arguments(int port, string adminToken, string dataDirectory, bool dev, IReadOnlyDictionary<string, string>? settings)
    {
        yield return $"--urls=http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
        yield return $"--Storage:DataDirectory={dataDirectory}";
        yield return $"--Orleans:SiloPort={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        yield return $"--Orleans:GatewayPort={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}";
        yield return $"--Orleans:ClusterId=parley-process-{Guid.NewGuid():N}";
        yield return $"--Admin:Token={adminToken}";
        // A test host that dies (crash, kill, hang timeout) takes its servers with it.
        yield return $"--Parley:ParentProcessId={Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            yield return $"--{key}={value}";
        }

        if (dev)
        {
            yield return "--dev";
        }
    }

    /// <summary>src/Parley.Server/bin/&lt;configuration&gt;/net10.0/Parley.Server.dll of the solution these tests were built in.</summary>
    private static string ServerAssemblyPath()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory);
        var framework = testOutput.Name;
        var configuration = testOutput.Parent?.Name ?? "Debug";
        var root = testOutput;
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Parley.slnx")))
        {
            root = root.Parent;
        }

        if (root is null)
        {
            throw new InvalidOperationException($"No Parley.slnx above {AppContext.BaseDirectory}.");
        }

        var path = Path.Combine(root.FullName, "src", "Parley.Server", "bin", configuration, framework, "Parley.Server.dll");
        return File.Exists(path) ? path : throw new InvalidOperationException($"{path} is missing: build the solution first.");
    }

    private async Task WaitUntilHealthyAsync(TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(5) };
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with {_process.ExitCode}:\n{string.Join('\n', OutputLines)}");
            }

            try
            {
                using var response = await client.GetAsync(new Uri("healthz", UriKind.Relative));
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        throw new TimeoutException($"The server did not become healthy in {timeout}:\n{string.Join('\n', OutputLines)}");
    }

    private long ReadStatus(string field)
    {
        foreach (var line in File.ReadLines($"/proc/{_process.Id.ToString(CultureInfo.InvariantCulture)}/status"))
        {
            if (line.StartsWith(field, StringComparison.Ordinal))
            {
                var kilobytes = line[field.Length..].Trim().Split(' ')[0];
                return long.Parse(kilobytes, CultureInfo.InvariantCulture) * 1024;
            }
        }

        throw new InvalidOperationException($"/proc/{_process.Id}/status has no {field}");
    }

    private void Collect(string? line)
    {
        if (line is not null)
        {
            lock (_output)
            {
                _output.Add(line);
            }
        }
    }
}
