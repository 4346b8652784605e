namespace Parley.Server.Admin;

/// <summary>Admin REST API settings, bound from the <c>Admin</c> configuration section.</summary>
public sealed class AdminOptions
{
    public const string SectionName = "Admin";

    /// <summary>
    /// Bearer token of the admin API. When unset, the server generates one at first start, stores it in the
    /// database and reuses it afterwards.
    /// </summary>
    public string? Token { get; set; }
}
