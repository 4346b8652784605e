using Parley.Protocol.Roles;
using Parley.Server.Storage;
using Parley.Signaling.Abstractions;

namespace Parley.Server.Catalogs;

/// <summary>
/// <see cref="IRoleCatalog"/> over the store. Read on every login without caching, so a role change reaches each
/// client at its next login (R4.6).
/// </summary>
public sealed class StoreRoleCatalog(IParleyStore store) : IRoleCatalog
{
    public async ValueTask<RoleSet> GetRoleSetAsync(long sdkAppId, string platform, CancellationToken cancellationToken)
    {
        // An unknown platform has no configured roles; it still gets the built-in default (R4.4).
        var normalized = Platform.TryNormalize(platform, out var known) ? known : platform.ToLowerInvariant();
        var roles = await store.Roles.ListAsync(sdkAppId, normalized, cancellationToken);
        return Compose(normalized, roles);
    }

    /// <summary>
    /// The role set of one platform: the app's default when it marked one; else an app role that happens to be named
    /// like the built-in default; else the built-in default, added to the list.
    /// </summary>
    public static RoleSet Compose(string platform, IReadOnlyList<RoleDefinition> configured)
    {
        var marked = configured.FirstOrDefault(r => r.IsDefault);
        if (marked is not null)
        {
            return new RoleSet(platform, marked.Name, configured);
        }

        if (configured.Any(r => r.Name == RoleDefinition.BuiltInDefaultName))
        {
            return new RoleSet(platform, RoleDefinition.BuiltInDefaultName, configured);
        }

        return new RoleSet(platform, RoleDefinition.BuiltInDefaultName, [.. configured, RoleDefinition.BuiltInDefault(platform)]);
    }
}
