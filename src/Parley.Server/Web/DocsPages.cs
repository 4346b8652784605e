using System.Net;
using System.Text;

namespace Parley.Server.Web;

/// <summary>
/// The HTML of /docs and /docs/{name}. A document page is a shell: web/site/docs.js fetches the raw
/// <c>/docs/{name}.md</c> and renders it in the browser, so the server needs no Markdown library.
/// </summary>
internal static class DocsPages
{
    public static string Index(IReadOnlyList<(string Name, string Title)> docs)
    {
        var html = new StringBuilder();
        Head(html, "Parley docs");
        html.Append("<main><p><a href=\"/\">Parley</a> / docs</p><h1>Documentation</h1>\n");
        if (docs.Count == 0)
        {
            html.Append("<p>No docs/ folder was found next to the web root.</p>\n");
        }
        else
        {
            html.Append("<ul class=\"docs\">\n");
            foreach (var (name, title) in docs)
            {
                var stem = WebUtility.HtmlEncode(name[..^".md".Length]);
                html.Append("<li><a href=\"/docs/").Append(stem).Append("\">").Append(WebUtility.HtmlEncode(title))
                    .Append("</a> <small>(<a href=\"/docs/").Append(WebUtility.HtmlEncode(name)).Append("\">").Append(WebUtility.HtmlEncode(name)).Append("</a>)</small></li>\n");
            }

            html.Append("</ul>\n");
        }

        html.Append("</main></body></html>\n");
        return html.ToString();
    }

    public static string Document(string fileName)
    {
        var html = new StringBuilder();
        Head(html, fileName);
        var encoded = WebUtility.HtmlEncode(fileName);
        html.Append("<main><p><a href=\"/\">Parley</a> / <a href=\"/docs\">docs</a> / <a href=\"/docs/").Append(encoded).Append("\">").Append(encoded).Append("</a></p>\n")
            .Append("<article id=\"doc\" data-src=\"/docs/").Append(encoded).Append("\">Loading…</article></main>\n")
            .Append("<script type=\"module\" src=\"/site/docs.js\"></script>\n</body></html>\n");
        return html.ToString();
    }

    private static void Head(StringBuilder html, string title) =>
        html.Append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
            .Append(WebUtility.HtmlEncode(title))
            .Append("</title><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><link rel=\"icon\" href=\"data:,\">")
            .Append("<link rel=\"stylesheet\" href=\"/site/site.css\"></head><body>\n");
}
