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

    /// <summary>
    /// <c>Admin:PublicOpenApi</c>: serve <c>/openapi/v1.json</c> without the admin token outside developer mode
    /// (in developer mode it is always public). Off by default: the document maps the whole admin surface.
    /// </summary>
    public bool PublicOpenApi { get; set; }
}
