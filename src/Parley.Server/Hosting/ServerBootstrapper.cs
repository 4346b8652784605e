using System.Security.Cryptography;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Server.Admin;
using Parley.Server.Apps;
using Parley.Server.Storage;

namespace Parley.Server.Hosting;

/// <summary>
/// Prepares durable state before anything serves requests: migrates the schema, creates the default app on first
/// start and settles the admin token. Runs in <see cref="IHostedLifecycleService.StartingAsync"/>, i.e. before the
/// silo and Kestrel start; at shutdown it flushes and closes the store after everything else stopped.
/// </summary>
internal sealed partial class ServerBootstrapper(
    IParleyStore store,
    AppService apps,
    ServerState state,
    IOptions<AdminOptions> adminOptions,
    ILogger<ServerBootstrapper> logger) : IHostedLifecycleService
{
    public const string DefaultAppName = "Default app";

    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        await store.MigrateAsync(cancellationToken);
        var migrations = await store.GetAppliedMigrationsAsync(cancellationToken);
        ServerLog.StorageReady(logger, store.ProviderName, migrations.Count);

        var defaultApp = await EnsureDefaultAppAsync(cancellationToken);
        var (token, fromConfiguration) = await ResolveAdminTokenAsync(cancellationToken);
        state.Initialize(token, fromConfiguration, defaultApp);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Every other hosted service (silo, signaling, Kestrel) has stopped: nobody writes any more.</summary>
    public async Task StoppedAsync(CancellationToken cancellationToken)
    {
        await store.DisposeAsync();
        ServerLog.StorageClosed(logger);
    }

    private async Task<AppRecord> EnsureDefaultAppAsync(CancellationToken cancellationToken)
    {
        var existing = await apps.ListAsync(cancellationToken);
        if (existing.Count == 0)
        {
            var created = await apps.CreateAsync(DefaultAppName, accountType: null, withKeyPair: false, cancellationToken);
            await store.Settings.SetAsync(SettingKeys.DefaultSdkAppId, created.App.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture), cancellationToken);
            ServerLog.DefaultAppCreated(logger, created.App.SdkAppId);
            return created.App;
        }

        // The app created at first start while it exists, else the oldest app.
        var remembered = await store.Settings.GetAsync(SettingKeys.DefaultSdkAppId, cancellationToken);
        return existing.FirstOrDefault(a => remembered is not null && a.SdkAppId.ToString(System.Globalization.CultureInfo.InvariantCulture) == remembered)
            ?? existing[0];
    }

    private async Task<(string Token, bool FromConfiguration)> ResolveAdminTokenAsync(CancellationToken cancellationToken)
    {
        var configured = adminOptions.Value.Token;
        if (!string.IsNullOrWhiteSpace(configured))
        {
            return (configured, true);
        }

        var candidate = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        var stored = await store.Settings.GetOrAddAsync(SettingKeys.AdminToken, candidate, cancellationToken);
        if (stored == candidate)
        {
            ServerLog.AdminTokenGenerated(logger);
        }

        return (stored, false);
    }
}
