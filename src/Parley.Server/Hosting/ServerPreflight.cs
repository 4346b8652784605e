using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Npgsql;
using Parley.Server.Storage;

namespace Parley.Server.Hosting;

/// <summary>
/// Checks, before anything starts, what would otherwise fail half-way through start-up with a stack trace and a silo
/// to tear down: the HTTP and Orleans ports are free and the database answers. A failure throws the exception that
/// <see cref="StartupFailure"/> turns into the operator's one line.
/// </summary>
public static class ServerPreflight
{
    public static async Task RunAsync(WebApplication app, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(app);
        foreach (var url in (app.Configuration["urls"] ?? "").Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                    UriKind.Absolute, out var uri) && uri.Port > 0)
            {
                EnsurePortFree(AddressOf(uri.Host), uri.Port, () => $"Failed to bind to address {url}: address already in use.", isHttp: true);
            }
        }

        var orleans = app.Configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        var any = !string.Equals(orleans.ClusteringMode, OrleansHostingOptions.LocalhostClustering, StringComparison.OrdinalIgnoreCase);
        foreach (var (key, port) in (ReadOnlySpan<(string, int)>)[("Orleans:SiloPort", orleans.SiloPort), ("Orleans:GatewayPort", orleans.GatewayPort)])
        {
            EnsurePortFree(any ? IPAddress.Any : IPAddress.Loopback, port,
                () => $"{key} {port.ToString(CultureInfo.InvariantCulture)} is in use by another process: choose a free port or stop that process.", isHttp: false);
        }

        var storage = app.Services.GetRequiredService<IOptions<StorageOptions>>().Value;
        if (string.Equals(storage.Provider, StorageOptions.PostgresProvider, StringComparison.OrdinalIgnoreCase))
        {
            // Opening one connection surfaces a wrong host, port, password or database name as the driver's own error.
            var builder = new NpgsqlConnectionStringBuilder(storage.ConnectionString) { Pooling = false };
            await using var connection = new NpgsqlConnection(builder.ConnectionString);
            await connection.OpenAsync(cancellationToken);
        }
    }

    private static IPAddress AddressOf(string host) =>
        host is "localhost" ? IPAddress.Loopback : IPAddress.TryParse(host.Trim('[', ']'), out var address) ? address : IPAddress.Any;

    private static void EnsurePortFree(IPAddress address, int port, Func<string> message, bool isHttp)
    {
        var listener = new TcpListener(address, port);
        try
        {
            listener.Start();
        }
        catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
        {
            throw isHttp ? new IOException(message(), e) : new InvalidOperationException(message(), e);
        }
        finally
        {
            listener.Stop();
        }
    }
}
