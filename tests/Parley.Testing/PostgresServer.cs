using System.Diagnostics;
using Npgsql;

namespace Parley.Testing;

/// <summary>
/// A throwaway PostgreSQL server for the tests: <c>initdb</c> into a temp folder and <c>pg_ctl start</c> on a free
/// loopback port, once per test process, stopped when the process exits. Nothing pre-existing is assumed but
/// Debian's server binaries (<c>scripts/install-postgres.sh</c>, which the README test command runs). PostgreSQL
/// refuses to run as root, so under root the server runs as the package's <c>postgres</c> user.
/// Each caller gets its own empty database from <see cref="CreateDatabaseAsync"/>.
/// </summary>
public sealed class PostgresServer
{
    private const string Superuser = "parley";
    private static readonly Lazy<Task<PostgresServer>> Shared = new(StartAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly string _binDirectory;
    private readonly string _dataDirectory;
    private int _stopped;

    private PostgresServer(string binDirectory, string dataDirectory, int port)
    {
        _binDirectory = binDirectory;
        _dataDirectory = dataDirectory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>Connection string of the server's maintenance database (<c>postgres</c>).</summary>
    public string AdminConnectionString => ConnectionStringFor("postgres");

    /// <summary>The process's server, started on first use.</summary>
    public static Task<PostgresServer> GetAsync() => Shared.Value;

    public string ConnectionStringFor(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = Superuser,
        Database = database,
        // A database's pooled connections are closed by DROP DATABASE … WITH (FORCE).
        Pooling = true,
    }.ToString();

    /// <summary>Creates an empty database with a fresh name and answers its connection string.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix = "t")
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..Math.Min(prefix.Length + 33, 63)];
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{name}\"", connection);
        await command.ExecuteNonQueryAsync();
        return ConnectionStringFor(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabaseAsync"/>, closing whatever still uses it.</summary>
    public async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(AdminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<PostgresServer> StartAsync()
    {
        var bin = FindBinDirectory()
            ?? throw new InvalidOperationException(
                "PostgreSQL server binaries (initdb, pg_ctl) were not found under /usr/lib/postgresql/*/bin: run scripts/install-postgres.sh " +
                "(the README test command ./test.sh does).");
        RemoveStaleDirectories();
        var data = Path.Combine(Path.GetTempPath(), $"parley-pg-{Environment.ProcessId}-{Guid.NewGuid():N}"[..40]);
        Directory.CreateDirectory(data);
        var asRoot = Environment.UserName == "root";
        if (asRoot)
        {
            await RunAsync("chown", ["postgres:postgres", data], asPostgres: false);
        }

        await RunAsync(Path.Combine(bin, "initdb"),
            ["-D", Path.Combine(data, "db"), "-U", Superuser, "--auth=trust", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePorts.Next();
            var server = new PostgresServer(bin, data, port);
            try
            {
                // Unix socket in our own folder (no /var/run/postgresql needed); fsync off: a test server never survives
                // a machine crash, and the kill -9 tests kill processes, not the kernel.
                await RunAsync(Path.Combine(bin, "pg_ctl"),
                [
                    "-D", Path.Combine(data, "db"), "-l", Path.Combine(data, "server.log"), "-w", "-t", "60",
                    "-o", $"-p {port} -k {data} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300",
                    "start",
                ], asRoot);
                AppDomain.CurrentDomain.ProcessExit += (_, _) => server.Stop();
                return server;
            }
            catch (InvalidOperationException) when (attempt < 3)
            {
                // Another process took the port between our probe and the server's bind: try another.
            }
        }
    }

    /// <summary>Stops the server at once and removes its files (also run at process exit).</summary>
    public void Stop()
    {
        if (Interlocked.Exchange(ref _stopped, 1) != 0)
        {
            return;
        }

        try
        {
            RunAsync(Path.Combine(_binDirectory, "pg_ctl"), ["-D", Path.Combine(_dataDirectory, "db"), "-m", "immediate", "-w", "stop"],
                Environment.UserName == "root").GetAwaiter().GetResult();
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        DeleteQuietly(_dataDirectory);
    }

    /// <summary>
    /// The test host may be killed right after it stopped its server, before the folder is gone: folders of earlier runs
    /// whose server is no longer running (no <c>postmaster.pid</c>) are removed here.
    /// </summary>
    private static void RemoveStaleDirectories()
    {
        foreach (var directory in Directory.GetDirectories(Path.GetTempPath(), "parley-pg-*"))
        {
            if (!File.Exists(Path.Combine(directory, "db", "postmaster.pid")))
            {
                DeleteQuietly(directory);
            }
        }
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    private static string? FindBinDirectory()
    {
        const string root = "/usr/lib/postgresql";
        if (!Directory.Exists(root))
        {
            return null;
        }

        return Directory.GetDirectories(root)
            .Select(d => Path.Combine(d, "bin"))
            .Where(d => File.Exists(Path.Combine(d, "initdb")) && File.Exists(Path.Combine(d, "pg_ctl")))
            .OrderByDescending(d => int.TryParse(Path.GetFileName(Path.GetDirectoryName(d)), out var v) ? v : 0)
            .FirstOrDefault();
    }

    private static async Task RunAsync(string program, IReadOnlyList<string> arguments, bool asPostgres)
    {
        var info = new ProcessStartInfo(asPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (asPostgres)
        {
            foreach (var a in (string[])["-u", "postgres", "--", program])
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {program}");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{Path.GetFileName(program)} failed ({process.ExitCode}): {await error}{await output}");
        }
    }
}
