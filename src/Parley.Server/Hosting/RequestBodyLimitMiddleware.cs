using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;
using Parley.Server.Admin;

namespace Parley.Server.Hosting;

/// <summary>
/// Refuses a request whose declared <c>Content-Length</c> is over the limit in force for it (Kestrel's
/// <c>Parley:MaxRequestBodyBytes</c>, or what an endpoint set for itself) with 413 and code 91006, before anything
/// reads it, and closes the connection so the body is not drained. A body without a length (chunked) is cut off by
/// Kestrel at the same limit while it is read.
/// </summary>
internal sealed class RequestBodyLimitMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        var feature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.Http.Metadata.IRequestSizeLimitMetadata>() is { } own && feature is { IsReadOnly: false })
        {
            feature.MaxRequestBodySize = own.MaxRequestBodySize; // e.g. uploads (Uploads:MaxBytes)
        }

        var limit = feature?.MaxRequestBodySize;
        if (limit is null || context.Request.ContentLength is not { } length || length <= limit)
        {
            return next(context);
        }

        context.Response.Headers[HeaderNames.Connection] = "close";
        return ApiErrors.TooLarge($"The request body is {length} bytes; at most {limit} are accepted here.").ExecuteAsync(context);
    }
}
