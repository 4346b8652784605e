using Microsoft.AspNetCore.Http;

namespace Parley.Server.Admin;

/// <summary>
/// Turns request-binding failures (malformed JSON, a non-numeric route value) into the API's JSON error body instead
/// of an empty 400. Requires <c>RouteHandlerOptions.ThrowOnBadRequest</c>, which makes minimal APIs throw them.
/// </summary>
internal sealed class BadRequestMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            context.Response.Clear();
            var error = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? ApiErrors.TooLarge(e.Message) : ApiErrors.Validation(e.Message);
            await error.ExecuteAsync(context);
        }
    }
}
