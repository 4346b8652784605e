using Parley.Protocol.Roles;

namespace Parley.Signaling.Abstractions;

/// <summary>Role configuration per app per platform (R4.2). Implemented by the server's storage layer.</summary>
public interface IRoleCatalog
{
    /// <summary>
    /// The roles of one platform of one app as they are now, always including a default role (the built-in one when the
    /// app configured none). Signaling calls this once per login and keeps the result for the session (R4.6).
    /// </summary>
    ValueTask<RoleSet> GetRoleSetAsync(long sdkAppId, string platform, CancellationToken cancellationToken);
}
