namespace Parley.Server.Admin;

/// <summary>
/// Endpoint metadata: the endpoint answers only requests carrying the admin token. <see cref="AdminTokenMiddleware"/>
/// checks it right after routing, before anything reads or binds the request body.
/// </summary>
internal sealed class AdminTokenRequired
{
    public static AdminTokenRequired Instance { get; } = new();

    private AdminTokenRequired()
    {
    }
}
