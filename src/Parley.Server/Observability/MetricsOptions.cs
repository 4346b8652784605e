using System.Text.RegularExpressions;

namespace Parley.Server.Observability;

/// <summary>The Prometheus endpoint's settings, bound from the <c>Metrics</c> section (docs/configuration.md, docs/metrics.md).</summary>
public sealed partial class MetricsOptions
{
    public const string SectionName = "Metrics";

    /// <summary><c>Metrics:Enabled</c>: serve the metrics endpoint (default true). Off: no endpoint, no listener.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary><c>Metrics:Path</c>: where the text format is served on the HTTP port (default <c>/metrics</c>).</summary>
    public string Path { get; set; } = "/metrics";

    /// <summary>
    /// <c>Metrics:RequireAdminToken</c>: answer only scrapes carrying <c>Authorization: Bearer &lt;admin token&gt;</c>
    /// (default false: the numbers name no user, room or app, and scrapers are usually kept off the public network).
    /// </summary>
    public bool RequireAdminToken { get; set; }

    // Paths the server itself serves (the pages' from WebPageEndpoints, the web root's folders): the endpoint must not shadow them.
    private static readonly string[] TakenPrefixes =
    [
        "/api", "/ws", "/v4", "/dev", "/files", "/upload", "/sdk", "/site", "/echo", "/healthz", "/openapi",
        Web.WebPageEndpoints.DemoPath, Web.WebPageEndpoints.LivePath, Web.WebPageEndpoints.DocsPath, Web.WebPageEndpoints.ConsolePath,
    ];

    /// <summary>What is wrong with these settings; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (string.IsNullOrEmpty(Path) || !PathPattern().IsMatch(Path))
        {
            errors.Add($"Metrics:Path must be an absolute URL path such as /metrics (letters, digits, '/', '-', '_', '.'), not '{Path}'.");
        }
        else if (TakenPrefixes.Any(prefix => Path.Equals(prefix, StringComparison.OrdinalIgnoreCase) || Path.StartsWith(prefix + "/", StringComparison.OrdinalIgnoreCase)))
        {
            errors.Add($"Metrics:Path '{Path}' would shadow a path the server serves ({string.Join(", ", TakenPrefixes)}).");
        }

        return errors;
    }

    [GeneratedRegex("^(/[A-Za-z0-9_.-]+)+$")]
    private static partial Regex PathPattern();
}
