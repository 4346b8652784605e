using System.Net;
using Parley.Server.Web;

namespace Parley.Server.Tests.Web;

/// <summary>The landing page, the demo, the SDK files and the docs over plain HTTP (issue 8 points 6 and 7).</summary>
public sealed class WebPageTests(ServerFixture fixture) : IClassFixture<ServerFixture>
{
    [Fact]
    public async Task The_landing_page_links_to_the_demo_the_echo_test_the_console_and_the_docs()
    {
        var html = await GetTextAsync("/", "text/html");
        Assert.Contains("href=\"/demo\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/echo\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/docs\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/console\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_demo_page_is_served_at_demo_and_loads_its_module()
    {
        var html = await GetTextAsync("/demo", "text/html");
        Assert.Contains("<script type=\"module\" src=\"/demo/demo.js\">", html, StringComparison.Ordinal);
        var script = await GetTextAsync("/demo/demo.js", "text/javascript");
        Assert.Contains("from '/sdk/parley.js'", script, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_console_is_served_at_console_under_a_policy_that_forbids_inline_and_foreign_scripts()
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri(WebPageEndpoints.ConsolePath, UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var policy = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", policy, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", policy, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", policy, StringComparison.Ordinal);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        // Every script of the page is a module file; none is written into the document.
        Assert.Contains("<script type=\"module\" src=\"/console/console.js\"></script>", html, StringComparison.Ordinal);
        Assert.Equal(1, html.Split("<script", StringSplitOptions.None).Length - 1);
        Assert.DoesNotContain(" style=\"", html, StringComparison.Ordinal);
        var script = await GetTextAsync("/console/console.js", "text/javascript");
        Assert.Contains("sessionStorage", script, StringComparison.Ordinal);

        // Every address of the page carries the policy, not only /console.
        foreach (var path in (string[])["/console/", "/console/index.html"])
        {
            using var other = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, other.StatusCode);
            Assert.Equal(policy, string.Join(";", other.Headers.GetValues("Content-Security-Policy")));
        }
    }

    [Fact]
    public async Task The_sdk_module_is_javascript_and_its_declarations_are_typescript()
    {
        var module = await GetTextAsync("/sdk/parley.js", "text/javascript");
        Assert.Contains("export const Parley", module, StringComparison.Ordinal);
        var declarations = await GetTextAsync("/sdk/parley.d.ts", "application/typescript");
        Assert.Contains("export declare class ParleyClient", declarations, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_docs_index_lists_the_markdown_files_of_the_docs_folder()
    {
        var html = await GetTextAsync("/docs", "text/html");
        Assert.Contains("href=\"/docs/protocol\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/docs/sdk-web\"", html, StringComparison.Ordinal);
        // Titles come from each file's first heading.
        Assert.Contains("Parley signaling protocol", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_doc_is_served_raw_with_md_and_as_a_rendered_page_without()
    {
        var markdown = await GetTextAsync("/docs/protocol.md", "text/markdown");
        Assert.StartsWith("# Parley signaling protocol", markdown, StringComparison.Ordinal);
        var page = await GetTextAsync("/docs/protocol", "text/html");
        Assert.Contains("data-src=\"/docs/protocol.md\"", page, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/docs/..%2FREADME.md")]
    [InlineData("/docs/..%2F..%2Fetc%2Fpasswd")]
    [InlineData("/docs/.hidden.md")]
    [InlineData("/docs/no-such-doc")]
    public async Task Names_that_are_not_one_of_the_docs_are_not_found(string path)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public void The_docs_folder_is_found_beside_the_web_root()
    {
        var repository = Path.Combine(Path.GetTempPath(), "parley-docs-" + Guid.NewGuid().ToString("N"));
        try
        {
            Directory.CreateDirectory(Path.Combine(repository, "web"));
            Directory.CreateDirectory(Path.Combine(repository, "docs"));
            File.WriteAllText(Path.Combine(repository, "docs", "a.md"), "# Title A\n\ntext\n");
            File.WriteAllText(Path.Combine(repository, "docs", "notes.txt"), "not markdown");

            var catalog = DocsCatalog.Locate(Path.Combine(repository, "web"), Path.Combine(repository, "bin"));

            Assert.Equal([("a.md", "Title A")], catalog.List());
            Assert.NotNull(catalog.Find("a"));
            Assert.Null(catalog.Find("notes.txt"));
        }
        finally
        {
            Directory.Delete(repository, recursive: true);
        }
    }

    private async Task<string> GetTextAsync(string path, string expectedMediaType)
    {
        using var client = fixture.Server.CreateClient();
        using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expectedMediaType, response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
