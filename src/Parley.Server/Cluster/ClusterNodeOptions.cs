namespace Parley.Server.Cluster;

/// <summary>
/// How this node announces itself to the cluster and to clients (<c>Cluster</c> section; docs/configuration.md,
/// docs/cluster.md). Not Orleans' own <c>ClusterOptions</c>: those come from the <c>Orleans</c> section.
/// </summary>
public sealed class ClusterNodeOptions
{
    public const string SectionName = "Cluster";

    /// <summary>
    /// <c>Cluster:PublicUrl</c>: where clients reach this node. A <c>ws://</c> or <c>wss://</c> URL is the signaling
    /// endpoint itself (<c>/ws</c> when it has no path); an <c>http://</c> or <c>https://</c> URL is the node's base
    /// URL, whose signaling endpoint is the same with <c>ws</c>/<c>wss</c> and <c>ws</c> appended to its path. Unset:
    /// derived from <c>Orleans:AdvertisedAddress</c> and the port of the first HTTP address the server listens on,
    /// or unknown when no advertised address is set (<see cref="NodeAnnouncement"/>).
    /// </summary>
    public string? PublicUrl { get; set; }

    /// <summary>What is wrong with these settings; empty when valid.</summary>
    public IReadOnlyList<string> Validate()
    {
        if (string.IsNullOrEmpty(PublicUrl) || TryGetSignalingUrl(PublicUrl, out _))
        {
            return [];
        }

        return [$"Cluster:PublicUrl must be an absolute ws://, wss://, http:// or https:// URL without query or fragment, e.g. wss://node1.example.com/ws, not '{PublicUrl}'."];
    }

    /// <summary>The WebSocket endpoint clients connect to for the public URL <paramref name="publicUrl"/>; false when it is not one.</summary>
    public static bool TryGetSignalingUrl(string publicUrl, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? signalingUrl)
    {
        signalingUrl = null;
        if (!Uri.TryCreate(publicUrl, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host)
            || uri.Query.Length > 0 || uri.Fragment.Length > 0 || uri.UserInfo.Length > 0)
        {
            return false;
        }

        var builder = new UriBuilder(uri);
        switch (uri.Scheme)
        {
            case "ws" or "wss":
                if (uri.AbsolutePath == "/")
                {
                    builder.Path = "/ws";
                }

                break;
            case "http" or "https":
                builder.Scheme = uri.Scheme == "https" ? "wss" : "ws";
                builder.Path = uri.AbsolutePath.TrimEnd('/') + "/ws";
                break;
            default:
                return false;
        }

        // UriBuilder keeps an explicit port even when it is the scheme's default: drop it, as the Uri itself would.
        if (uri.IsDefaultPort)
        {
            builder.Port = -1;
        }

        signalingUrl = builder.Uri.AbsoluteUri;
        return true;
    }
}
