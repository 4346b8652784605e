using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Parley.Signaling.Abstractions;
using Parley.Signaling.Login;

namespace Parley.Signaling.Sessions;

/// <summary>The singletons every session uses, bundled so a session holds one reference instead of a dozen.</summary>
internal sealed class SignalingServices(
    IOptions<SignalingOptions> options,
    TimeProvider timeProvider,
    IGrainFactory grainFactory,
    UserSigAuthenticator authenticator,
    RoomAccessAuthorizer roomAccess,
    IUserDirectory userDirectory,
    IAppCatalog appCatalog,
    IRoleCatalog roleCatalog,
    SessionRegistry registry,
    IGroupStore groupStore,
    IMessageStore messageStore,
    Delivery.LocalSessions localSessions,
    Callbacks.IBeforeSendCallback beforeSend,
    Limits.AbuseLimits limits,
    Nodes.ClusterNodes clusterNodes,
    Relay.SessionRelays relays,
    SessionDeadlines deadlines,
    ILoggerFactory loggerFactory,
    IServiceProvider services)
{
    /// <summary>The media glue, when the host registered one (docs/protocol.md §10); null answers media methods "not enabled".</summary>
    public MediaHooks.ISessionMediaHandler? MediaHandler { get; } = (MediaHooks.ISessionMediaHandler?)services.GetService(typeof(MediaHooks.ISessionMediaHandler));

    /// <summary>Where login and resume answers get their <c>iceServers</c> (TURN credentials); null: none are sent.</summary>
    public MediaHooks.IIceServerProvider? IceServers { get; } = (MediaHooks.IIceServerProvider?)services.GetService(typeof(MediaHooks.IIceServerProvider));

    public SignalingOptions Options { get; } = options.Value;
    public TimeProvider Time { get; } = timeProvider;
    public IGrainFactory Grains { get; } = grainFactory;
    public UserSigAuthenticator Authenticator { get; } = authenticator;
    public RoomAccessAuthorizer RoomAccess { get; } = roomAccess;
    public IUserDirectory UserDirectory { get; } = userDirectory;
    public IAppCatalog AppCatalog { get; } = appCatalog;
    public IRoleCatalog RoleCatalog { get; } = roleCatalog;
    public SessionRegistry Registry { get; } = registry;
    public IGroupStore GroupStore { get; } = groupStore;
    public IMessageStore MessageStore { get; } = messageStore;
    public Delivery.LocalSessions LocalSessions { get; } = localSessions;
    /// <summary>The app's before-send callback of group and C2C messages (docs/callbacks.md).</summary>
    public Callbacks.IBeforeSendCallback BeforeSend { get; } = beforeSend;
    public Limits.AbuseLimits Limits { get; } = limits;
    /// <summary>The cluster's nodes: where login and resume answers get their <c>servers</c> (docs/cluster.md).</summary>
    public Nodes.ClusterNodes ClusterNodes { get; } = clusterNodes;
    /// <summary>Resumes of sessions that another node holds: the connection is relayed there (docs/protocol.md §13).</summary>
    public Relay.SessionRelays Relays { get; } = relays;
    /// <summary>The node's one timer for sessions' login, heartbeat and userSig deadlines; held so that it runs once sessions exist.</summary>
    public SessionDeadlines Deadlines { get; } = deadlines;
    public ILogger Logger { get; } = loggerFactory.CreateLogger("Parley.Signaling.Session");
}
