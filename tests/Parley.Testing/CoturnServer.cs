using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Parley.Testing;

/// <summary>
/// A throwaway coturn <c>turnserver</c> for TURN tests: a child process on a free loopback port (UDP and TCP), relaying
/// from loopback (<c>--allow-loopback-peers</c>, so it may relay to a Parley media port on 127.0.0.1), with the TURN
/// REST API's shared secret (<c>--use-auth-secret --static-auth-secret</c>), no TLS/DTLS, no CLI, no daemon, logging
/// to stdout (kept in <see cref="Log"/>). Its files live in a temporary folder. Killed by its PID when disposed or
/// when the test process exits. Needs Debian's package (<c>scripts/install-coturn.sh</c>, run by ./test.sh).
/// </summary>
public sealed class CoturnServer : IDisposable
{
    public const string Program = "/usr/bin/turnserver";
    public const string Realm = "parley.test";

    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _log = new();
    private int _disposed;

    private CoturnServer(Process process, string directory, int port, (int Min, int Max) relayPorts, string secret)
    {
        _process = process;
        _directory = directory;
        Port = port;
        RelayPorts = relayPorts;
        Secret = secret;
    }

    /// <summary>The UDP ports on 127.0.0.1 relayed traffic leaves from (what a peer of a relayed client sees).</summary>
    public (int Min, int Max) RelayPorts { get; }

    /// <summary>The TURN port on 127.0.0.1 (UDP and TCP).</summary>
    public int Port { get; }

    /// <summary>The static-auth-secret Parley's <c>Media:Turn:StaticAuthSecret</c> must match.</summary>
    public string Secret { get; }

    public int ProcessId => _process.Id;

    /// <summary>What turnserver printed so far (each line once).</summary>
    public IReadOnlyCollection<string> Log => _log;

    public string UdpUrl => $"turn:127.0.0.1:{Port}?transport=udp";

    public string TcpUrl => $"turn:127.0.0.1:{Port}?transport=tcp";

    public static async Task<CoturnServer> StartAsync()
    {
        if (!File.Exists(Program))
        {
            throw new InvalidOperationException("turnserver was not found: run scripts/install-coturn.sh (the README test command ./test.sh does).");
        }

        var directory = Path.Combine(Path.GetTempPath(), "parley-coturn-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = FreePorts.Next();
        var relayPorts = FreeUdpRange(16);
        var secret = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var info = new ProcessStartInfo(Program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in (string[])[
                     "-n", // no configuration file: everything is on this command line
                     "--listening-ip=127.0.0.1", $"--listening-port={Format(port)}",
                     "--relay-ip=127.0.0.1", $"--min-port={Format(relayPorts.Min)}", $"--max-port={Format(relayPorts.Max)}",
                     "--use-auth-secret", $"--static-auth-secret={secret}", $"--realm={Realm}",
                     "--allow-loopback-peers", "--no-tls", "--no-dtls", "--no-cli", "--fingerprint", "--no-software-attribute",
                     "--log-file=stdout", "--simple-log",
                     $"--pidfile={Path.Combine(directory, "turnserver.pid")}", $"--db={Path.Combine(directory, "turndb")}",
                 ])
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("could not start turnserver");
        var server = new CoturnServer(process, directory, port, relayPorts, secret);
        process.OutputDataReceived += (_, e) => server.Remember(e.Data);
        process.ErrorDataReceived += (_, e) => server.Remember(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Dispose();
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port);
                return server;
            }
            catch (SocketException) when (!process.HasExited)
            {
                await Task.Delay(50);
            }
        }

        var log = string.Join('\n', server.Log);
        server.Dispose();
        throw new InvalidOperationException($"turnserver did not listen on port {port}:\n{log}");
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(); // this child only, by its PID
                _process.WaitForExit(5_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless.
        }
    }

    private static string Format(int number) => number.ToString(CultureInfo.InvariantCulture);

    private void Remember(string? line)
    {
        if (line is not null && _log.Count < 10_000)
        {
            _log.Enqueue(line);
        }
    }

    /// <summary>A run of <paramref name="count"/> UDP ports free on loopback right now, for the relay addresses.</summary>
    private static (int Min, int Max) FreeUdpRange(int count)
    {
        for (var attempt = 0; ; attempt++)
        {
            int start = Random.Shared.Next(20_000, 30_000);
            var sockets = new List<Socket>();
            try
            {
                for (int port = start; port < start + count; port++)
                {
                    var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
                    sockets.Add(socket);
                    socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
                }

                return (start, start + count - 1);
            }
            catch (SocketException) when (attempt < 50)
            {
                // Part of the run is in use: try another.
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }
    }
}
