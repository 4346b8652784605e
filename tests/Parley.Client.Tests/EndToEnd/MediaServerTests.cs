using Parley.Client.Tests.Media;
using Parley.Client.Tests.Support;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// Base of end-to-end media test classes: a real server with its media port on loopback, a VP8 clip and an Opus file
/// to publish, and the clients a test made (all disposed after it).
/// </summary>
public abstract class MediaServerTests : IAsyncLifetime
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), "parley-media-e2e-" + Guid.NewGuid().ToString("N"));
    private readonly List<ParleyClient> _clients = [];

    protected ParleyTestServer Server { get; private set; } = null!;

    /// <summary>An IVF file of four VP8-shaped frames, the first a key frame.</summary>
    protected string ClipPath => Path.Combine(_directory, "clip.ivf");

    /// <summary>An Ogg Opus file of 50 packets.</summary>
    protected string VoicePath => Path.Combine(_directory, "voice.ogg");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        await File.WriteAllBytesAsync(ClipPath, MediaFileFactory.Ivf(3000, 700, 1500, 700).ToArray());
        await File.WriteAllBytesAsync(VoicePath, MediaFileFactory.OggOpus(50).ToArray());
        Server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:UdpPort"] = "0",
            ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
        });
    }

    public async Task DisposeAsync()
    {
        foreach (var client in _clients)
        {
            await client.DisposeAsync();
        }

        await Server.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    /// <summary>A client logged in as <paramref name="identifier"/> (disposed after the test).</summary>
    protected async Task<ParleyClient> LoginAsync(string identifier)
    {
        var client = TestClients.Create(Server.WebSocketUri);
        _clients.Add(client);
        await client.LoginAsync(Server.DefaultApp.SdkAppId, identifier, Server.UserSig(identifier));
        return client;
    }
}
