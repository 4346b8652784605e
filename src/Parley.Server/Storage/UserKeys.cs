namespace Parley.Server.Storage;

/// <summary>Identifiers are case-insensitive (R2.1): every provider keys users by this form.</summary>
public static class UserKeys
{
    public static string KeyOf(string identifier) => identifier.ToLowerInvariant();
}
