using System.Net;
using System.Net.Sockets;
using Parley.Testing;

namespace Parley.Server.Tests;

/// <summary>
/// A settings mistake at start ends the real server process with exit code 1 and one line naming the key — never an
/// unhandled-exception stack trace (issue 11, production defaults).
/// </summary>
public sealed class StartupFailureTests
{
    private static async Task<string> FailingStartAsync(Dictionary<string, string> settings)
    {
        var (exitCode, output) = await ServerProcess.RunUntilExitAsync(settings, TimeSpan.FromSeconds(60));

        Assert.Equal(1, exitCode);
        Assert.DoesNotContain(output, line => line.TrimStart().StartsWith("at ", StringComparison.Ordinal)); // no stack trace
        return Assert.Single(output, line => line.StartsWith("parley-server: cannot start: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unknown_storage_provider_is_named_with_the_supported_ones()
    {
        var line = await FailingStartAsync(new() { ["Storage:Provider"] = "mysql" });

        Assert.Contains("Storage:Provider 'mysql' is unknown", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unreachable_database_names_the_connection_string()
    {
        var line = await FailingStartAsync(new()
        {
            ["Storage:Provider"] = "postgres",
            ["Storage:ConnectionString"] = $"Host=127.0.0.1;Port={FreePorts.Next()};Username=parley;Timeout=5",
        });

        Assert.Contains("Storage:ConnectionString: cannot reach PostgreSQL", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_port_in_use_names_the_setting_to_change()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var http = await FailingStartAsync(new() { ["urls"] = $"http://127.0.0.1:{port}" });
        var silo = await FailingStartAsync(new() { ["Orleans:SiloPort"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Contains("address already in use", http, StringComparison.Ordinal);
        Assert.Contains("--urls", http, StringComparison.Ordinal);
        Assert.Contains($"Orleans:SiloPort {port} is in use", silo, StringComparison.Ordinal);
    }
}
