namespace Parley.Browser.Tests.Web;

/// <summary>
/// A <see cref="BrowserFixture"/> whose server announces a public URL other than the one the page reaches it at
/// (<c>Cluster:PublicUrl</c>), as a node behind a proxy does: its login answers name that URL in <c>servers</c>.
/// </summary>
public sealed class PublicUrlFixture : BrowserFixture
{
    /// <summary>The server's announced base URL and the signaling endpoint clients are told (docs/cluster.md).</summary>
    public const string PublicUrl = "https://node-a.example.com/parley/";

    public const string SignalingUrl = "wss://node-a.example.com/parley/ws";

    protected override IReadOnlyDictionary<string, string?> ServerSettings() => new Dictionary<string, string?>(base.ServerSettings())
    {
        ["Cluster:PublicUrl"] = PublicUrl,
    };
}
