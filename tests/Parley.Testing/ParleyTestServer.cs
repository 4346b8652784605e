using System.Globalization;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Parley.Auth;
using Parley.Server;
using Parley.Server.Hosting;
using Parley.Server.Storage;

namespace Parley.Testing;

/// <summary>
/// A real Parley server for integration tests: Kestrel on an ephemeral loopback port, its own Orleans silo on free
/// ports and cluster id, its own temporary SQLite data directory. Many can run in one test process at once.
/// </summary>
public sealed class ParleyTestServer : IAsyncDisposable
{
    private const int StartAttempts = 3;

    private readonly WebApplication _app;
    private readonly FakeTimeProvider? _time;
    private readonly bool _ownsDataDirectory;

    private ParleyTestServer(WebApplication app, FakeTimeProvider? time, string dataDirectory, bool ownsDataDirectory)
    {
        _app = app;
        _time = time;
        DataDirectory = dataDirectory;
        _ownsDataDirectory = ownsDataDirectory;
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        BaseUri = new Uri(address.EndsWith('/') ? address : address + "/");
        WebSocketUri = new UriBuilder(BaseUri) { Scheme = "ws", Path = "/ws" }.Uri;
        var state = app.Services.GetRequiredService<ServerState>();
        AdminToken = state.AdminToken;
        DefaultApp = state.DefaultApp;
    }

    /// <summary>Root of the HTTP server, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    private int _disposed;

    public Uri BaseUri { get; }

    /// <summary>The signaling endpoint, <c>ws://127.0.0.1:port/ws</c>.</summary>
    public Uri WebSocketUri { get; }

    public string AdminToken { get; }

    /// <summary>The app the server created at first start (sdkAppId, accountType, secret key).</summary>
    public AppRecord DefaultApp { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>The folder of the server's SQLite database.</summary>
    public string DataDirectory { get; }

    /// <summary>The fake clock the server runs on; throws when the server was started without one.</summary>
    public FakeTimeProvider Time => _time ?? throw new InvalidOperationException("This server runs on the system clock: pass a FakeTimeProvider to StartAsync.");

    /// <summary>
    /// Starts a server. <paramref name="configure"/> runs after Parley's own registrations (replace services there);
    /// <paramref name="settings"/> are configuration keys (<c>Section:Key</c>) applied before the host is built.
    /// Pass <paramref name="dataDirectory"/> to reuse a database across restarts; it is then not deleted on dispose.
    /// </summary>
    public static async Task<ParleyTestServer> StartAsync(
        Action<WebApplicationBuilder>? configure = null,
        bool dev = true,
        FakeTimeProvider? time = null,
        string? dataDirectory = null,
        IReadOnlyDictionary<string, string?>? settings = null)
    {
        var ownsDataDirectory = dataDirectory is null;
        var directory = dataDirectory ?? Path.Combine(Path.GetTempPath(), "parley-test-" + Guid.NewGuid().ToString("N"));
        for (var attempt = 1; ; attempt++)
        {
            var app = ParleyApp.Build(Arguments(directory, dev, settings), builder =>
            {
                if (time is not null)
                {
                    builder.Services.AddSingleton<TimeProvider>(time);
                }

                configure?.Invoke(builder);
            });
            try
            {
                await app.StartAsync();
                return new ParleyTestServer(app, time, directory, ownsDataDirectory);
            }
            catch (Exception e) when (attempt < StartAttempts && IsPortTaken(e))
            {
                // A free port picked for the silo was taken by someone else in between: pick new ones.
                await app.DisposeAsync();
            }
            catch
            {
                await app.DisposeAsync();
                if (ownsDataDirectory)
                {
                    DeleteDirectory(directory);
                }

                throw;
            }
        }
    }

    /// <summary>A valid userSig of <paramref name="identifier"/> for the default app, issued at the server's "now".</summary>
    public string UserSig(string identifier, long expireSeconds = UserSigGenerator.DefaultExpireSeconds) =>
        UserSigGenerator.Generate(DefaultApp.SdkAppId, DefaultApp.SecretKey, identifier, expireSeconds,
            now: Services.GetRequiredService<TimeProvider>().GetUtcNow());

    /// <summary>An HTTP client on <see cref="BaseUri"/> that sends the admin token. The caller disposes it.</summary>
    public HttpClient CreateAdminClient()
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminToken);
        return client;
    }

    /// <summary>An HTTP client on <see cref="BaseUri"/> without credentials. The caller disposes it.</summary>
    public HttpClient CreateClient() => new() { BaseAddress = BaseUri };

    /// <summary>
    /// Calls the vendor-compatible REST API (<c>POST /v4/{command}</c>, docs/rest-api.md) as an app's backend does: the
    /// app admin's userSig in the query string (the default app's, unless <paramref name="sdkAppId"/> and
    /// <paramref name="adminUserSig"/> are given). Returns the envelope; fails unless the HTTP status is 200.
    /// </summary>
    public async Task<JsonElement> CallRestApiAsync(string command, string body, long? sdkAppId = null, string? adminUserSig = null)
    {
        using var http = CreateClient();
        var query = $"sdkappid={sdkAppId ?? DefaultApp.SdkAppId}&identifier=administrator&usersig={Uri.EscapeDataString(adminUserSig ?? UserSig("administrator"))}"
            + $"&random={Random.Shared.Next()}&contenttype=json";
        using var response = await http.PostAsync(new Uri($"v4/{command}?{query}", UriKind.Relative), new StringContent(body, Encoding.UTF8, "application/json"));
        response.EnsureSuccessStatusCode();
        using var envelope = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return envelope.RootElement.Clone();
    }

    /// <summary>Stops the server (gracefully, as a drain would); a second call does nothing.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        try
        {
            await _app.StopAsync();
        }
        finally
        {
            await _app.DisposeAsync();
            if (_ownsDataDirectory)
            {
                DeleteDirectory(DataDirectory);
            }
        }
    }

    private static string[] Arguments(string directory, bool dev, IReadOnlyDictionary<string, string?>? settings)
    {
        var args = new List<string>
        {
            "--urls=http://127.0.0.1:0",
            $"--Storage:DataDirectory={directory}",
            $"--Orleans:SiloPort={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:GatewayPort={FreePorts.Next().ToString(CultureInfo.InvariantCulture)}",
            $"--Orleans:ClusterId=parley-test-{Guid.NewGuid():N}",
            // Dozens of servers per test run: keep their consoles quiet unless a test asks otherwise.
            "--Logging:LogLevel:Default=Warning",
            "--Parley:ShutdownTimeoutSeconds=10",
            // Many servers share one test process, and GC.GetTotalAllocatedBytes is the process's: a trim decided by one
            // would pause the others (some forwarding media) for nothing a test measures.
            "--Parley:IdleMemoryTrim=false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            args.Add($"--{key}={value}");
        }

        if (dev)
        {
            args.Add(ParleyApp.DevSwitch);
        }

        return [.. args];
    }

    private static bool IsPortTaken(Exception e) =>
        e is SocketException { SocketErrorCode: SocketError.AddressAlreadyInUse }
        || (e.InnerException is not null && IsPortTaken(e.InnerException))
        || (e is AggregateException aggregate && aggregate.InnerExceptions.Any(IsPortTaken));

    private static void DeleteDirectory(string directory)
    {
        try
        {
            if (Directory.Exists(directory))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A leftover temp folder is harmless; failing a test over it is not.
        }
    }
}
