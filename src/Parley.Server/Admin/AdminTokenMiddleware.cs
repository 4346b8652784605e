using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;
using Parley.Server.Hosting;

namespace Parley.Server.Admin;

/// <summary>
/// Admits a request to an endpoint marked <see cref="AdminTokenRequired"/> only with
/// <c>Authorization: Bearer &lt;admin token&gt;</c>. It runs after routing and before the endpoint, so the body of an
/// unauthenticated request is never read, bound or buffered (an endpoint filter would run after minimal-API binding).
/// </summary>
internal sealed class AdminTokenMiddleware(RequestDelegate next, ServerState state, FailedAdminAttempts failures)
{
    private const string BearerPrefix = "Bearer ";

    public Task InvokeAsync(HttpContext context)
    {
        if (context.GetEndpoint()?.Metadata.GetMetadata<AdminTokenRequired>() is null || IsAuthorized(context.Request))
        {
            return next(context);
        }

        failures.Record(context.Request.Path);
        // Closing the connection after the answer means an unread body is not drained either: nothing of it is
        // processed beyond what already sits in Kestrel's receive buffer.
        context.Response.Headers[HeaderNames.Connection] = "close";
        return ApiErrors.Unauthorized().ExecuteAsync(context);
    }

    private bool IsAuthorized(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) && TokenMatches(header[BearerPrefix.Length..].Trim());
    }

    // Constant-time comparison: response timing must not reveal how much of a guessed token was right.
    private bool TokenMatches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(state.AdminToken));
}
