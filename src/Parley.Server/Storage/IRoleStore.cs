using Parley.Protocol.Roles;

namespace Parley.Server.Storage;

/// <summary>Durable role configuration per app per platform (R4.2).</summary>
public interface IRoleStore
{
    /// <summary>The app's configured roles, optionally of one platform, ordered by platform then name.</summary>
    Task<IReadOnlyList<RoleDefinition>> ListAsync(long sdkAppId, string? platform, CancellationToken cancellationToken);

    /// <summary>
    /// Inserts or replaces a role. When it is marked default, every other role of the same platform loses the mark, so a
    /// platform has at most one default.
    /// </summary>
    Task UpsertAsync(long sdkAppId, RoleDefinition role, CancellationToken cancellationToken);

    /// <summary>False when no such role.</summary>
    Task<bool> DeleteAsync(long sdkAppId, string platform, string name, CancellationToken cancellationToken);
}
