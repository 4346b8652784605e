using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Parley.Server.Media.Turn;
using Parley.Testing;

namespace Parley.Server.Tests.Media;

/// <summary>
/// TURN credentials for coturn (TURN REST API convention): the HMAC against values OpenSSL computed, the options'
/// checks, and the login/resume answers that hand every session its own expiring credentials.
/// </summary>
public sealed class TurnRestCredentialsTests
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static TheoryData<string, string, string> OpenSslVectors()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Media", "TestData", "turn-rest-credentials.tsv")))
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var fields = line.Split('\t');
            data.Add(fields[0], fields[1], fields[2]);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(OpenSslVectors))]
    public void The_credential_is_base64_of_hmac_sha1_of_the_username_keyed_with_the_secret_as_openssl_computes_it(string secret, string username, string credential) =>
        Assert.Equal(credential, TurnRestCredentials.Credential(secret, username));

    [Fact]
    public void The_username_is_the_expiry_in_unix_seconds_a_colon_and_the_user_id()
    {
        var (username, credential) = TurnRestCredentials.Create("north-wind", "1400000001-alice", DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));

        Assert.Equal("1700000000:1400000001-alice", username);
        Assert.Equal("foIA1gkXWDN7TPuPoSC+ncKWDaY=", credential); // the first OpenSSL vector
    }

    [Fact]
    public void Each_session_gets_credentials_expiring_one_lifetime_from_now_for_every_configured_url()
    {
        var time = new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000));
        var options = new TurnOptions { StaticAuthSecret = "north-wind", CredentialLifetime = TimeSpan.FromHours(2) };
        options.Urls.Add("turn:turn.example.com:3478?transport=udp");
        options.Urls.Add("turns:turn.example.com:5349?transport=tcp");
        var provider = new TurnIceServerProvider(Options.Create(options), time);

        var server = Assert.Single(provider.GetIceServers(1400000001, "alice"));

        Assert.Equal(options.Urls, server.Urls);
        Assert.Equal("1700007200:1400000001-alice", server.Username);
        Assert.Equal(TurnRestCredentials.Credential("north-wind", "1700007200:1400000001-alice"), server.Credential);
        Assert.Empty(new TurnIceServerProvider(Options.Create(new TurnOptions()), time).GetIceServers(1, "alice"));
    }

    [Theory]
    [InlineData("turn:turn.example.com", true)]
    [InlineData("turn:turn.example.com:3478?transport=udp", true)]
    [InlineData("turns:203.0.113.7:5349?transport=tcp", true)]
    [InlineData("turn:[2001:db8::1]:3478", true)]
    [InlineData("stun:stun.example.com:3478", true)]
    [InlineData("http://turn.example.com", false)]
    [InlineData("turn://turn.example.com:3478", false)]
    [InlineData("turn:turn.example.com:3478?transport=sctp", false)]
    [InlineData("stun:stun.example.com?transport=udp", false)]
    [InlineData("turn:", false)]
    [InlineData("turn:user@host", false)]
    [InlineData("turn: host", false)]
    public void Urls_must_be_stun_or_turn_uris(string url, bool valid)
    {
        var options = new TurnOptions { StaticAuthSecret = "s" };
        options.Urls.Add(url);

        Assert.Equal(valid, options.Validate().Count == 0);
    }

    [Fact]
    public void A_turn_url_needs_the_secret_and_the_lifetime_is_bounded()
    {
        var options = new TurnOptions { CredentialLifetime = TimeSpan.FromDays(30) };
        options.Urls.Add("turn:turn.example.com");

        var errors = options.Validate();

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("Media:Turn:StaticAuthSecret", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("Media:Turn:CredentialLifetime", StringComparison.Ordinal));
        Assert.Empty(new TurnOptions().Validate()); // no TURN at all is fine
    }

    [Fact]
    public async Task A_bad_turn_setting_stops_the_server_at_start()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:Turn:Urls:0"] = "turn:turn.example.com:3478",
        }));

        Assert.Contains("Media:Turn:StaticAuthSecret", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Login_and_resume_answers_carry_ice_servers_with_fresh_credentials_and_none_without_turn()
    {
        await using var server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Media:Turn:Urls:0"] = "turn:127.0.0.1:3478?transport=udp",
            ["Media:Turn:Urls:1"] = "turn:127.0.0.1:3478?transport=tcp",
            ["Media:Turn:StaticAuthSecret"] = "north-wind",
            ["Media:Turn:CredentialLifetime"] = "01:00:00",
        });
        await using var plain = await ParleyTestServer.StartAsync();
        var app = server.DefaultApp.SdkAppId;

        using var socket = new ClientWebSocket();
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var login = await CallAsync(socket, 1, "login", new { sdkAppId = app, identifier = "Alice", userSig = server.UserSig("Alice"), platform = "web", resumable = true });
        var result = login.GetProperty("result");

        var iceServer = Assert.Single(result.GetProperty("iceServers").EnumerateArray());
        Assert.Equal(["turn:127.0.0.1:3478?transport=udp", "turn:127.0.0.1:3478?transport=tcp"], iceServer.GetProperty("urls").EnumerateArray().Select(u => u.GetString()));
        var username = iceServer.GetProperty("username").GetString()!;
        Assert.EndsWith($":{app}-alice", username, StringComparison.Ordinal);
        long expiry = long.Parse(username[..username.IndexOf(':', StringComparison.Ordinal)], System.Globalization.CultureInfo.InvariantCulture);
        long now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        Assert.InRange(expiry, now + 3600 - 60, now + 3600 + 60);
        Assert.Equal(TurnRestCredentials.Credential("north-wind", username), iceServer.GetProperty("credential").GetString());

        // A resume hands out credentials of its own.
        socket.Abort();
        using var again = new ClientWebSocket();
        await again.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        var resumed = await CallAsync(again, 1, "resume", new { sessionId = result.GetProperty("sessionId").GetString(), resumeToken = result.GetProperty("resumeToken").GetString() });
        var resumedServer = Assert.Single(resumed.GetProperty("result").GetProperty("iceServers").EnumerateArray());
        Assert.EndsWith($":{app}-alice", resumedServer.GetProperty("username").GetString(), StringComparison.Ordinal);

        using var other = new ClientWebSocket();
        await other.ConnectAsync(plain.WebSocketUri, CancellationToken.None);
        var plainLogin = await CallAsync(other, 1, "login", new { sdkAppId = plain.DefaultApp.SdkAppId, identifier = "Bob", userSig = plain.UserSig("Bob"), platform = "web" });
        Assert.False(plainLogin.GetProperty("result").TryGetProperty("iceServers", out _));
    }

    /// <summary>Sends one JSON-RPC request and returns its response, skipping notifications.</summary>
    private static async Task<JsonElement> CallAsync(ClientWebSocket socket, int id, string method, object parameters)
    {
        var request = JsonSerializer.SerializeToUtf8Bytes(new { jsonrpc = "2.0", id, method, @params = parameters }, Json);
        await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            var buffer = new byte[16 * 1024];
            using var message = new MemoryStream();
            WebSocketReceiveResult received;
            do
            {
                received = await socket.ReceiveAsync(buffer, timeout.Token);
                Assert.NotEqual(WebSocketMessageType.Close, received.MessageType);
                message.Write(buffer, 0, received.Count);
            }
            while (!received.EndOfMessage);

            using var document = JsonDocument.Parse(Encoding.UTF8.GetString(message.ToArray()));
            if (document.RootElement.TryGetProperty("id", out var answerId) && answerId.ValueKind == JsonValueKind.Number && answerId.GetInt32() == id)
            {
                return document.RootElement.Clone();
            }
        }
    }
}
