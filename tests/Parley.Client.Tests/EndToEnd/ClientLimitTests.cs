using Parley.Client.Tests.Support;
using Parley.Protocol.Errors;
using Parley.Testing;

namespace Parley.Client.Tests.EndToEnd;

/// <summary>
/// The C# SDK surfaces an abuse-limit refusal (docs/limits.md) as a <see cref="ParleyException"/> with the limit's code,
/// name and retry-after hint, and does not retry by itself. The client's address is claimed with X-Forwarded-For, which
/// the server honours because it trusts loopback as a proxy here.
/// </summary>
public sealed class ClientLimitTests : IAsyncLifetime
{
    private ParleyTestServer _server = null!;

    public async Task InitializeAsync() =>
        _server = await ParleyTestServer.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Limits:TrustedProxies:0"] = "127.0.0.1",
            ["Limits:LoginPerAddress:Burst"] = "1",
            ["Limits:LoginPerAddress:PerSecond"] = "0.2",
            ["Limits:ConnectionsPerAddress:Max"] = "1",
        });

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private ParleyClient Client(string address) =>
        TestClients.Create(_server.WebSocketUri, o => o.ConfigureWebSocket = socket => socket.SetRequestHeader("X-Forwarded-For", address));

    [Fact]
    public async Task A_login_over_the_address_s_budget_throws_90040_with_the_limit_and_its_retry_after()
    {
        await using var first = Client("203.0.113.70");
        await first.LoginAsync(_server.DefaultApp.SdkAppId, "sdk_first", _server.UserSig("sdk_first"));
        await first.LogoutAsync();

        await using var second = Client("203.0.113.70");
        var refused = await Assert.ThrowsAsync<ParleyException>(() => second.LoginAsync(_server.DefaultApp.SdkAppId, "sdk_second", _server.UserSig("sdk_second")));

        Assert.Equal(ErrorCodes.LoginLimitedPerAddress, refused.Code);
        Assert.Equal("login_ip", refused.Limit);
        Assert.InRange(refused.RetryAfter!.Value, TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task A_connection_over_the_address_s_count_fails_its_login_with_90046()
    {
        await using var holder = Client("203.0.113.80");
        await holder.LoginAsync(_server.DefaultApp.SdkAppId, "sdk_holder", _server.UserSig("sdk_holder"));

        await using var extra = Client("203.0.113.80");
        var refused = await Assert.ThrowsAsync<ParleyException>(() => extra.LoginAsync(_server.DefaultApp.SdkAppId, "sdk_extra", _server.UserSig("sdk_extra")));

        Assert.Equal(ErrorCodes.ConnectionsLimitedPerAddress, refused.Code);
        Assert.Null(refused.RetryAfter);
    }
}
