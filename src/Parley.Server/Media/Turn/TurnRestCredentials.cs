using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Parley.Server.Media.Turn;

/// <summary>
/// Time-limited TURN credentials as the "TURN REST API" convention defines them (coturn's <c>use-auth-secret</c> /
/// <c>static-auth-secret</c>): username = "&lt;Unix time of expiry&gt;:&lt;user id&gt;", password =
/// base64(HMAC-SHA1(secret, username)). The TURN server recomputes the password from the username and its copy of the
/// secret, and refuses the username once its time has passed; nothing is stored on either side.
/// </summary>
public static class TurnRestCredentials
{
    /// <summary>coturn's default <c>rest-api-separator</c>.</summary>
    public const char Separator = ':';

    /// <summary>The username and password for <paramref name="userId"/>, valid until <paramref name="expiresAt"/>.</summary>
    public static (string Username, string Credential) Create(string secret, string userId, DateTimeOffset expiresAt)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        ArgumentException.ThrowIfNullOrEmpty(userId);
        var username = expiresAt.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture) + Separator + userId;
        return (username, Credential(secret, username));
    }

    /// <summary>base64(HMAC-SHA1(<paramref name="secret"/>, <paramref name="username"/>)), both as UTF-8.</summary>
    [SuppressMessage("Security", "CA5350:Do Not Use Weak Cryptographic Algorithms",
        Justification = "The TURN REST API convention (coturn's static-auth-secret) defines the password as HMAC-SHA1; the TURN server computes the same.")]
    public static string Credential(string secret, string username)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(username);
        return Convert.ToBase64String(HMACSHA1.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(username)));
    }
}
