using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Hosting;
using Orleans.Runtime;
using Parley.Server.Admin;
using Parley.Server.Apps;
using Parley.Server.Catalogs;
using Parley.Server.Dev;
using Parley.Server.Hosting;
using Parley.Server.Storage;
using Parley.Signaling;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Limits;

namespace Parley.Server;

/// <summary>
/// Builds the Parley server: ASP.NET Core with a co-hosted Orleans silo, the store, signaling, the admin API and
/// health/dev/static endpoints. <c>Program.cs</c> and the test helper both start the server through here.
/// </summary>
public static class ParleyApp
{
    /// <summary>The command-line switch that enables developer mode (<c>Parley:DevMode</c>).</summary>
    public const string DevSwitch = "--dev";

    private const string ForwardedForHeader = "X-Forwarded-For";

    /// <summary>
    /// Builds the application. <paramref name="args"/> are regular ASP.NET Core arguments (<c>--urls</c>,
    /// <c>--Section:Key=value</c>) plus <c>--dev</c>. <paramref name="configure"/> runs after Parley registered its
    /// services, so it can replace any of them (for example <see cref="TimeProvider"/>); settings that shape the
    /// silo or Kestrel (Orleans ports, <c>Parley:HttpPort</c>) must come through <paramref name="args"/> or other
    /// configuration sources, because they are read before it runs.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        // "--dev" has no value; left in place, the command-line provider would swallow the next argument as its value.
        var dev = args.Contains(DevSwitch, StringComparer.OrdinalIgnoreCase);
        var hostArgs = args.Where(a => !string.Equals(a, DevSwitch, StringComparison.OrdinalIgnoreCase)).ToArray();
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = hostArgs,
            // appsettings.json sits next to the executable; without this it is looked up in whatever directory the
            // server was started from. An explicit --contentRoot / ASPNETCORE_CONTENTROOT still wins.
            ContentRootPath = ContentRootIsExplicit(hostArgs) ? null : AppContext.BaseDirectory,
        });
        if (dev)
        {
            builder.Configuration.AddInMemoryCollection([new($"{ParleyOptions.SectionName}:{nameof(ParleyOptions.DevMode)}", "true")]);
        }

        ConfigureHost(builder);
        ConfigureServices(builder);
        ConfigureOrleans(builder);
        configure?.Invoke(builder);

        var app = builder.Build();
        ConfigurePipeline(app);
        return app;
    }

    private static bool ContentRootIsExplicit(string[] args) =>
        !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("ASPNETCORE_CONTENTROOT"))
        || args.Any(a => a.TrimStart('-', '/').StartsWith(WebHostDefaults.ContentRootKey, StringComparison.OrdinalIgnoreCase));

    private static void ConfigureHost(WebApplicationBuilder builder)
    {
        var parley = builder.Configuration.GetSection(ParleyOptions.SectionName).Get<ParleyOptions>() ?? new ParleyOptions();
        if (string.IsNullOrWhiteSpace(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://*:{parley.HttpPort}");
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(parley.ShutdownTimeoutSeconds));
        // Under systemd (Type=notify): ready once started, stopping on SIGTERM, journald log format. A no-op elsewhere.
        builder.Host.UseSystemd();
        // Logging:Format=json: one JSON object per line (docs/configuration.md); after UseSystemd so it wins there too.
        Observability.LogFormat.Apply(builder);
        // Kestrel's default (30 MB) lets any client make the server buffer large bodies; ours are a few KB.
        builder.WebHost.ConfigureKestrel(o =>
        {
            o.Limits.MaxRequestBodySize = parley.MaxRequestBodyBytes;
            // /ws upgrades answered before the HTTP layer (Signaling:ConnectionLevelWebSockets). Endpoint defaults apply
            // before any TLS of an endpoint, so on an https endpoint this sees TLS bytes and passes them on untouched.
            o.ConfigureEndpointDefaults(listen => listen.UseParleyWebSockets());
        });

        // Fail at start with a readable message rather than at the first request.
        ParleyStoreFactory.Validate(builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions());
    }

    private static void ConfigureServices(WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var configuration = builder.Configuration;
        services.AddOptions<ParleyOptions>()
            .Bind(configuration.GetSection(ParleyOptions.SectionName))
            .Validate(o => o.HttpPort is > 0 and <= 65535, "Parley:HttpPort must be between 1 and 65535.")
            .Validate(o => o.ShutdownTimeoutSeconds is >= 1 and <= 3600, "Parley:ShutdownTimeoutSeconds must be between 1 and 3600.")
            .Validate(o => o.MaxRequestBodyBytes is >= 1024 and <= 1024L * 1024 * 1024, "Parley:MaxRequestBodyBytes must be between 1024 and 1073741824.")
            .ValidateOnStart();
        services.Configure<StorageOptions>(configuration.GetSection(StorageOptions.SectionName));
        services.Configure<AdminOptions>(configuration.GetSection(AdminOptions.SectionName));
        services.AddOptions<OrleansHostingOptions>()
            .Bind(configuration.GetSection(OrleansHostingOptions.SectionName))
            .Validate(o => o.SiloPort is > 0 and <= 65535 && o.GatewayPort is > 0 and <= 65535 && o.SiloPort != o.GatewayPort,
                "Orleans:SiloPort and Orleans:GatewayPort must be different ports between 1 and 65535.")
            .Validate(o => !string.IsNullOrWhiteSpace(o.ClusterId) && !string.IsNullOrWhiteSpace(o.ServiceId), "Orleans:ClusterId and Orleans:ServiceId must not be empty.")
            .ValidateOnStart();
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.Configure<JsonOptions>(o => o.SerializerOptions.PropertyNamingPolicy = System.Text.Json.JsonNamingPolicy.CamelCase);

        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<IParleyStore>(sp => ParleyStoreFactory.Create(sp.GetRequiredService<IOptions<StorageOptions>>().Value, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<CachedAppCatalog>();
        services.AddSingleton<IAppCatalog>(sp => sp.GetRequiredService<CachedAppCatalog>());
        services.AddSingleton<IRoleCatalog, StoreRoleCatalog>();
        services.AddSingleton<IUserDirectory, StoreUserDirectory>();
        services.AddSingleton<Parley.Signaling.Abstractions.IGroupStore>(sp => sp.GetRequiredService<IParleyStore>().Groups);
        services.AddSingleton<Parley.Signaling.Abstractions.IMessageStore>(sp => sp.GetRequiredService<IParleyStore>().Messages);
        services.AddSingleton<AppService>();
        services.AddOptions<RestApi.RestApiOptions>().Bind(builder.Configuration.GetSection(RestApi.RestApiOptions.SectionName))
            .Validate(o => Parley.Signaling.Login.IdentifierRules.IsValid(o.AdminIdentifier), "RestApi:AdminIdentifier must be a valid identifier (R2.1).")
            .ValidateOnStart();
        services.AddSingleton<RestApi.Accounts.AccountCommands>();
        services.AddSingleton<RestApi.Groups.GroupCommands>();
        services.AddSingleton<RestApi.Groups.GroupMessageCommands>();
        services.AddSingleton<RestApi.Groups.GroupManagementCommands>();
        services.AddOptions<Uploads.UploadOptions>().Bind(configuration.GetSection(Uploads.UploadOptions.SectionName))
            .Validate(o => o.MaxBytes is >= 1024 and <= 4L * 1024 * 1024 * 1024, "Uploads:MaxBytes must be between 1024 and 4294967296.")
            .ValidateOnStart();
        // Uploads: on this node's disk with SQLite, in the database with PostgreSQL (every node of a cluster serves every file).
        services.AddSingleton<Uploads.IUploadStore>(sp => sp.GetRequiredService<IParleyStore>() is Storage.Postgres.PostgresParleyStore postgres
            ? new Uploads.DatabaseUploadStore(postgres.DataSource)
            : ActivatorUtilities.CreateInstance<Uploads.DiskUploadStore>(sp));
        services.AddSingleton<RestApi.Messages.C2CCommands>();
        services.AddSingleton<RestApi.RestApiDispatcher>();
        services.AddSingleton<ServerState>();
        services.AddSingleton<FailedAdminAttempts>();
        services.AddSingleton<SiloReadiness>();

        // Registered before the silo so that migrations run before anything else starts (and the store closes last).
        services.AddHostedService<ServerBootstrapper>();
        services.AddHostedService<ParentProcessWatch>();
        services.AddHostedService<IdleMemoryTrim>();

        services.AddOpenApi();
        // Before signaling, whose no-op sink and before-send defaults are registered only when nobody else did.
        Callbacks.CallbackServiceCollectionExtensions.AddParleyCallbacks(services, configuration);
        services.AddParleySignaling(configuration);
        Media.MediaServiceCollectionExtensions.AddParleyMedia(services, configuration);
        Echo.EchoServiceCollectionExtensions.AddParleyEcho(services, configuration);
        Observability.MetricsEndpoints.AddParleyMetrics(services, configuration);
        Cluster.ClusterNodeServiceCollectionExtensions.AddParleyClusterNodes(services, configuration);
    }

    private static void ConfigureOrleans(WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(OrleansHostingOptions.SectionName).Get<OrleansHostingOptions>() ?? new OrleansHostingOptions();
        var storage = builder.Configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new StorageOptions();
        Cluster.OrleansClustering.Validate(options, storage);

        builder.UseOrleans(silo =>
        {
            Cluster.OrleansClustering.Configure(silo, options, storage);
            PinInfrastructureClocks(silo.Services);
            // Grains hold soft state only; everything durable lives in IParleyStore.
            silo.AddMemoryGrainStorageAsDefault();
            silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(sp => sp.GetRequiredService<SiloReadiness>());
        });
    }

    /// <summary>
    /// Orleans resolves one clock per area and falls back to the host's <see cref="TimeProvider"/>, which tests replace
    /// with a fake clock that jumps (by seconds or by days). Grains keep that clock (their timers, e.g. the 30 s room
    /// dissolve of R3.5, must follow the test), but membership, messaging and the silo's maintenance loops run on real
    /// time: on a jumped clock membership classifies this very silo as dead and Orleans terminates the process, and
    /// request timeouts would fire at once.
    /// </summary>
    private static void PinInfrastructureClocks(IServiceCollection services)
    {
        foreach (var area in new[]
        {
            TimeProviderNames.Membership,
            TimeProviderNames.Messaging,
            TimeProviderNames.SystemTimers,
            TimeProviderNames.ActivationManagement,
            TimeProviderNames.GrainDirectory,
        })
        {
            services.AddKeyedSingleton(area, TimeProvider.System);
        }
    }

    private static void ConfigurePipeline(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ParleyOptions>>().Value;
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(ParleyApp));

        UseClientAddresses(app);
        app.UseMiddleware<BadRequestMiddleware>();
        // No WebSocket-level pings from the server: clients send a heartbeat every 10 s (protocol.md §3) and the session
        // watches it, so keep-alive pings would only add a timer to every connection (memory per idle session) and
        // a wake-up per connection every two minutes.
        app.UseWebSockets(new WebSocketOptions { KeepAliveInterval = TimeSpan.Zero });
        // Routing before static files (as WebApplication does implicitly): a request an endpoint matches, such as
        // /sdk/parley.d.ts with its own content type, is not served as a plain file.
        app.UseRouting();

        var webRoot = WebRootLocator.Find(options.WebRoot, app.Environment.ContentRootPath, AppContext.BaseDirectory);
        if (webRoot is not null)
        {
            var files = new PhysicalFileProvider(webRoot);
            app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
            app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
            ServerLog.ServingWebRoot(logger, webRoot);
        }
        else
        {
            ServerLog.NoWebRoot(logger);
        }

        // The admin check needs the routed endpoint and refuses before any body is read or bound.
        app.UseMiddleware<AdminTokenMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();

        var openApi = app.MapOpenApi();
        if (!options.DevMode && !app.Services.GetRequiredService<IOptions<AdminOptions>>().Value.PublicOpenApi)
        {
            openApi.WithMetadata(AdminTokenRequired.Instance);
        }

        app.MapParleyHealth();
        Observability.MetricsEndpoints.MapParleyMetrics(app);
        app.MapParleyAdminApi();
        RestApi.RestApiEndpoints.MapParleyRestApi(app);
        Uploads.UploadEndpoints.MapParleyUploads(app);
        if (options.DevMode)
        {
            app.MapParleyDevEndpoints();
        }

        app.MapParleySignaling();
        Echo.EchoEndpoints.MapParleyEcho(app);
        Web.WebPageEndpoints.MapParleyWebPages(app);
    }

    /// <summary>
    /// The client's address for the whole pipeline (abuse limits, echo's per-address cap): behind the proxies of
    /// <c>Limits:TrustedProxies</c>, the address their <c>X-Forwarded-For</c> names (walking back from the nearest hop
    /// while each hop is trusted); otherwise the TCP peer, and the header is ignored (with one warning, docs/limits.md).
    /// </summary>
    private static void UseClientAddresses(WebApplication app)
    {
        var limits = app.Services.GetRequiredService<IOptions<LimitsOptions>>().Value;
        // Created now rather than at the first request: its sweep starts and its settings are logged at start.
        var abuseLimits = app.Services.GetRequiredService<AbuseLimits>();
        if (limits.TrustedProxies.Length > 0)
        {
            var forwarded = new ForwardedHeadersOptions { ForwardedHeaders = ForwardedHeaders.XForwardedFor, ForwardLimit = null };
            // ASP.NET trusts loopback by default; only the configured proxies are trusted here.
            forwarded.KnownProxies.Clear();
            forwarded.KnownIPNetworks.Clear();
            foreach (var range in AddressRanges.ParseAll(limits.TrustedProxies))
            {
                forwarded.KnownIPNetworks.Add(range);
            }

            app.UseForwardedHeaders(forwarded);
            return;
        }

        app.Use((context, next) =>
        {
            if (context.Request.Headers.ContainsKey(ForwardedForHeader))
            {
                abuseLimits.NoteIgnoredForwardedHeader(context.Connection.RemoteIpAddress);
            }

            return next(context);
        });
    }
}
