using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Parley.Server.Hosting;

namespace Parley.Server.Admin;

/// <summary>Admits a request to the admin API only with <c>Authorization: Bearer &lt;admin token&gt;</c>.</summary>
internal sealed class AdminTokenFilter(ServerState state, ILogger<AdminTokenFilter> logger) : IEndpointFilter
{
    private const string BearerPrefix = "Bearer ";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var header = context.HttpContext.Request.Headers.Authorization.ToString();
        if (!header.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase) || !TokenMatches(header[BearerPrefix.Length..].Trim()))
        {
            ServerLog.AdminUnauthorized(logger, context.HttpContext.Request.Path);
            return ApiErrors.Unauthorized();
        }

        return await next(context);
    }

    // Constant-time comparison: response timing must not reveal how much of a guessed token was right.
    private bool TokenMatches(string presented) =>
        CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(presented), Encoding.UTF8.GetBytes(state.AdminToken));
}
