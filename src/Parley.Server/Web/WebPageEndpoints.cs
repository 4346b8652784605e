using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Parley.Server.Hosting;

namespace Parley.Server.Web;

/// <summary>
/// The pages around the SDK: <c>/demo</c> (web/demo/index.html), <c>/console</c> (web/console/index.html, the
/// operators' web console, docs/console.md), <c>/live</c> (web/live/index.html, a guest reading an AVChatRoom), <c>/sdk/parley.d.ts</c> with a type the tools
/// understand, and <c>/docs</c> (the list of docs/*.md), <c>/docs/{name}</c> (one doc rendered in the browser) and
/// <c>/docs/{name}.md</c> (the raw text). <c>/</c> (web/index.html) and <c>/sdk/*.js</c> are plain static files.
/// </summary>
public static class WebPageEndpoints
{
    public const string DemoPath = "/demo";

    /// <summary>An AVChatRoom's live messages for a visitor who is not logged in: <c>/live?group=…&amp;sdkAppId=…</c>.</summary>
    public const string LivePath = "/live";
    public const string DocsPath = "/docs";

    /// <summary>The operators' web console (docs/console.md).</summary>
    public const string ConsolePath = "/console";

    /// <summary>
    /// The console holds the admin token in the page, so its document allows nothing but this server's own scripts,
    /// styles and requests: no inline script, no other origin, no framing.
    /// </summary>
    public const string ConsoleContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
    public const string TypeScriptContentType = "application/typescript; charset=utf-8";
    public const string MarkdownContentType = "text/markdown; charset=utf-8";

    public static IEndpointRouteBuilder MapParleyWebPages(this IEndpointRouteBuilder endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        var services = endpoints.ServiceProvider;
        var options = services.GetRequiredService<IOptions<ParleyOptions>>().Value;
        var environment = services.GetRequiredService<IWebHostEnvironment>();
        var webRoot = WebRootLocator.Find(options.WebRoot, environment.ContentRootPath, AppContext.BaseDirectory);
        var docs = DocsCatalog.Locate(webRoot, AppContext.BaseDirectory);

        endpoints.MapGet(DemoPath, () => ServeWebFile(webRoot, "demo/index.html", "text/html; charset=utf-8"))
            .WithName("DemoPage").WithTags("Web").ExcludeFromDescription();
        endpoints.MapGet(ConsolePath, (HttpContext context) => ServeConsole(context, webRoot))
            .WithName("ConsolePage").WithTags("Web").ExcludeFromDescription();
        // The file's own address too, so the page never loads without its policy (static files would serve it bare).
        endpoints.MapGet(ConsolePath + "/index.html", (HttpContext context) => ServeConsole(context, webRoot))
            .WithName("ConsolePageFile").WithTags("Web").ExcludeFromDescription();
        endpoints.MapGet(LivePath, () => ServeWebFile(webRoot, "live/index.html", "text/html; charset=utf-8"))
            .WithName("LivePage").WithTags("Web").ExcludeFromDescription();
        // ASP.NET's static files would call a .ts file an MPEG transport stream (video/vnd.dlna.mpeg-tts).
        endpoints.MapGet("/sdk/parley.d.ts", () => ServeWebFile(webRoot, "sdk/parley.d.ts", TypeScriptContentType))
            .WithName("SdkTypes").WithTags("Web").ExcludeFromDescription();
        endpoints.MapGet(DocsPath, () => Results.Content(DocsPages.Index(docs.List()), "text/html; charset=utf-8", Encoding.UTF8))
            .WithName("DocsIndex").WithTags("Web").ExcludeFromDescription();
        endpoints.MapGet(DocsPath + "/{name}", (string name) => ServeDoc(docs, name))
            .WithName("DocsPage").WithTags("Web").ExcludeFromDescription();
        return endpoints;
    }

    private static IResult ServeWebFile(string? webRoot, string relativePath, string contentType)
    {
        var path = webRoot is null ? null : Path.Combine(webRoot, relativePath);
        return path is not null && File.Exists(path)
            ? Results.File(path, contentType)
            : Results.Problem($"web/{relativePath} was not found; set Parley:WebRoot.", statusCode: StatusCodes.Status404NotFound);
    }

    private static IResult ServeConsole(HttpContext context, string? webRoot)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ConsoleContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.CacheControl = "no-store";
        return ServeWebFile(webRoot, "console/index.html", "text/html; charset=utf-8");
    }

    private static IResult ServeDoc(DocsCatalog docs, string name)
    {
        var path = docs.Find(name);
        if (path is null)
        {
            return Results.Problem($"No document named {name}; see {DocsPath}.", statusCode: StatusCodes.Status404NotFound);
        }

        // "/docs/protocol.md" is the text itself (links between docs use this form); "/docs/protocol" renders it.
        return name.EndsWith(".md", StringComparison.Ordinal)
            ? Results.File(path, MarkdownContentType)
            : Results.Content(DocsPages.Document(Path.GetFileName(path)), "text/html; charset=utf-8", Encoding.UTF8);
    }
}
