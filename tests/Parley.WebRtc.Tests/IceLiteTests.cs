using System.Net;
using System.Net.Sockets;
using System.Text;
using Parley.Stun;
using Parley.WebRtc.Ice;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>The server answers ICE connectivity checks over real loopback UDP (RFC 8445 §2.5, §7.3).</summary>
public sealed class IceLiteTests : IAsyncLifetime
{
    private const string BrowserUfrag = "brws";
    private WebRtcServer? _server;

    public Task InitializeAsync()
    {
        _server = WebRtcTestFactory.StartServer();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _server!.DisposeAsync();

    [Fact]
    public async Task A_valid_check_is_answered_with_integrity_and_the_mapped_address()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings(BrowserUfrag));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var transaction = StunTransactionId.NewRandom();

        await peer.SendAsync(WriteCheck(transaction, transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true), ServerEndPoint());
        var response = await ReceiveAsync(peer);

        Assert.True(StunMessage.TryParse(response, out var message));
        Assert.Equal(StunMessageClass.SuccessResponse, message.Class);
        Assert.Equal(transaction, message.TransactionId);
        Assert.True(message.VerifyMessageIntegrity(Encoding.UTF8.GetBytes(transport.LocalIce.Password)));
        Assert.True(message.VerifyFingerprint());
        Assert.True(message.TryGetXorMappedAddress(out var mapped));
        Assert.Equal(peer.Client.LocalEndPoint, mapped);
        Assert.Equal(WebRtcTransportState.Connecting, transport.State);
        Assert.Equal(peer.Client.LocalEndPoint, transport.RemoteEndPoint);
    }

    [Fact]
    public async Task A_check_signed_with_the_wrong_password_gets_no_answer_and_is_counted()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings(BrowserUfrag));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendAsync(WriteCheck(StunTransactionId.NewRandom(), transport.LocalIce.UsernameFragment, "wrong-password-wrong-password", useCandidate: true), ServerEndPoint());

        await AssertNothingArrivesAsync(peer);
        Assert.Equal(1, transport.GetStats().Drops[nameof(DropReason.BadStun)]);
        Assert.Equal(WebRtcTransportState.New, transport.State);
        Assert.Null(transport.RemoteEndPoint);
    }

    [Fact]
    public async Task A_check_for_an_unknown_ufrag_is_dropped()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long before = _server!.UnmatchedDrops(DropReason.BadStun);

        await peer.SendAsync(WriteCheck(StunTransactionId.NewRandom(), "nobody", "some-password-some-password", useCandidate: false), ServerEndPoint());

        await AssertNothingArrivesAsync(peer);
        Assert.Equal(before + 1, _server.UnmatchedDrops(DropReason.BadStun));
    }

    [Fact]
    public async Task A_check_naming_another_remote_ufrag_is_rejected()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings(BrowserUfrag));
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await peer.SendAsync(WriteCheck(StunTransactionId.NewRandom(), transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true, senderUfrag: "evil"), ServerEndPoint());

        await AssertNothingArrivesAsync(peer);
        Assert.Equal(WebRtcTransportState.New, transport.State);
    }

    [Fact]
    public async Task Media_from_an_address_no_check_validated_is_dropped()
    {
        using var peer = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        long before = _server!.UnmatchedDrops(DropReason.UnknownPeer);
        byte[] rtp = [0x80, 96, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0xAA];

        await peer.SendAsync(rtp, ServerEndPoint());

        await WebRtcTestFactory.EventuallyAsync(() => _server.UnmatchedDrops(DropReason.UnknownPeer) == before + 1);
    }

    [Fact]
    public async Task A_nominating_check_from_a_new_address_moves_the_peer()
    {
        var transport = _server!.CreateTransport(WebRtcTestFactory.Settings(BrowserUfrag));
        using var first = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        using var second = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));

        await first.SendAsync(WriteCheck(StunTransactionId.NewRandom(), transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: false), ServerEndPoint());
        await ReceiveAsync(first);
        await second.SendAsync(WriteCheck(StunTransactionId.NewRandom(), transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: false), ServerEndPoint());
        await ReceiveAsync(second);
        Assert.Equal(first.Client.LocalEndPoint, transport.RemoteEndPoint); // not nominated: the first address stays

        await second.SendAsync(WriteCheck(StunTransactionId.NewRandom(), transport.LocalIce.UsernameFragment, transport.LocalIce.Password, useCandidate: true), ServerEndPoint());
        await ReceiveAsync(second);
        Assert.Equal(second.Client.LocalEndPoint, transport.RemoteEndPoint);
    }

    private IPEndPoint ServerEndPoint() => new(IPAddress.Loopback, _server!.Port);

    private static byte[] WriteCheck(StunTransactionId transaction, string serverUfrag, string serverPassword, bool useCandidate, string senderUfrag = BrowserUfrag)
    {
        var buffer = new byte[256];
        var writer = new StunMessageWriter(buffer, StunMethod.Binding, StunMessageClass.Request, transaction);
        writer.AddUsername($"{serverUfrag}:{senderUfrag}");
        writer.AddPriority(1853824767);
        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(Encoding.UTF8.GetBytes(serverPassword));
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }

    private static async Task<byte[]> ReceiveAsync(UdpClient peer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        return (await peer.ReceiveAsync(timeout.Token)).Buffer;
    }

    private static async Task AssertNothingArrivesAsync(UdpClient peer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await peer.ReceiveAsync(timeout.Token));
    }
}
