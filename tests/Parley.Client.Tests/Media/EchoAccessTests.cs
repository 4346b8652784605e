using System.Net;
using System.Text.Json;
using Parley.Client.Media;
using Parley.Protocol.Errors;
using Parley.Testing;

namespace Parley.Client.Tests.Media;

/// <summary>
/// Issue 10 point 2: with <c>Echo:Enabled</c> outside developer mode the echo test costs a transport and bandwidth,
/// so only a user proved by a userSig may start one (R2.2), and one address holds at most a few.
/// </summary>
public sealed class EchoAccessTests : IAsyncLifetime
{
    private const int PerAddress = 3;
    private ParleyTestServer? _server;

    private ParleyTestServer Server => _server!;

    public async Task InitializeAsync() => _server = await ParleyTestServer.StartAsync(dev: false, settings: new Dictionary<string, string?>
    {
        ["Echo:Enabled"] = "true",
        ["Echo:MaxSessionsPerAddress"] = PerAddress.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["Media:UdpPort"] = "0",
        ["Media:AnnouncedAddresses:0"] = "127.0.0.1",
    });

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task Without_a_userSig_the_echo_is_refused_with_401()
    {
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => EchoClient.ConnectAsync(Server.BaseUri));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(ErrorCodes.UserSigEmpty.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_userSig_for_another_identifier_is_refused_with_its_code()
    {
        var credentials = new EchoCredentials(Server.DefaultApp.SdkAppId, "alice", Server.UserSig("mallory"));

        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => EchoClient.ConnectAsync(Server.BaseUri, new EchoClientOptions { Credentials = credentials }));

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains(ErrorCodes.UserSigIdentifierMismatch.ToString(System.Globalization.CultureInfo.InvariantCulture), refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_valid_userSig_gets_a_working_echo()
    {
        await using var echo = await EchoClient.ConnectAsync(Server.BaseUri, new EchoClientOptions { Credentials = Credentials("echo_user") });
        var received = 0;
        echo.PacketReceived += _ => Interlocked.Increment(ref received);

        for (var i = 0; i < 20 && Volatile.Read(ref received) == 0; i++)
        {
            echo.Video.SendSynthetic(500, 90_000);
            await Task.Delay(100);
        }

        Assert.True(Volatile.Read(ref received) > 0);
    }

    [Fact]
    public async Task Concurrent_starts_from_one_address_get_exactly_the_per_address_limit_and_a_closed_one_frees_its_slot()
    {
        var attempts = await Task.WhenAll(Enumerable.Range(0, 8).Select(async i =>
        {
            try
            {
                return (Echo: await EchoClient.ConnectAsync(Server.BaseUri, new EchoClientOptions { Credentials = Credentials($"racer_{i}") }), Status: (HttpStatusCode?)null);
            }
            catch (HttpRequestException e)
            {
                return (Echo: (EchoClient?)null, Status: e.StatusCode);
            }
        }));

        var admitted = attempts.Where(a => a.Echo is not null).Select(a => a.Echo!).ToList();
        try
        {
            Assert.Equal(PerAddress, admitted.Count);
            Assert.All(attempts.Where(a => a.Echo is null), a => Assert.Equal(HttpStatusCode.TooManyRequests, a.Status));

            await admitted[0].DisposeAsync(); // DELETE closes the transport and gives the slot back
            admitted.RemoveAt(0);
            await using var again = await EchoClient.ConnectAsync(Server.BaseUri, new EchoClientOptions { Credentials = Credentials("racer_again") });
        }
        finally
        {
            foreach (var echo in admitted)
            {
                await echo.DisposeAsync();
            }
        }
    }

    private EchoCredentials Credentials(string identifier) => new(Server.DefaultApp.SdkAppId, identifier, Server.UserSig(identifier));
}
