namespace Parley.Protocol.Roles;

/// <summary>
/// The role configuration of one platform as pulled at login (R4.6): the session keeps this snapshot until it
/// logs in again. <see cref="DefaultRole"/> is what an unknown role name falls back to (R4.4).
/// </summary>
public sealed record RoleSet(string Platform, string DefaultRole, IReadOnlyList<RoleDefinition> Roles)
{
    /// <summary>Finds a role by exact name.</summary>
    public RoleDefinition? Find(string? name) => name is null ? null : Roles.FirstOrDefault(r => r.Name == name);

    /// <summary>The role a join applies: the named one when configured, else the default (R4.4).</summary>
    public RoleDefinition Resolve(string? name) => Find(name) ?? Find(DefaultRole) ?? RoleDefinition.BuiltInDefault(Platform);
}
