using System.Net;
using Parley.Dtls;
using Parley.WebRtc.Client;
using Parley.WebRtc.Transport;

namespace Parley.WebRtc.Tests;

/// <summary>
/// A server-offered receive transport: the server sends its offer first and learns the peer's DTLS fingerprint from
/// the answer, so the transport is created without it and gets it through SetRemoteFingerprint.
/// </summary>
public sealed class LateFingerprintTests
{
    [Fact]
    public async Task A_transport_created_without_a_fingerprint_connects_once_it_is_set()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = server.CreateTransport(new WebRtcTransportSettings { RemoteUsernameFragment = client.LocalIce.UsernameFragment });
        Assert.Null(transport.RemoteFingerprint);

        var connecting = ConnectAsync(server, client, transport);
        transport.SetRemoteFingerprint(client.Certificate.Fingerprint); // the answer arrives while ICE/DTLS may be running
        await connecting;

        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
        Assert.Equal(client.Certificate.Fingerprint, transport.RemoteFingerprint);
    }

    [Fact]
    public async Task A_transport_without_a_fingerprint_answers_no_check_so_no_handshake_can_start_early()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = server.CreateTransport(new WebRtcTransportSettings { RemoteUsernameFragment = client.LocalIce.UsernameFragment });

        var connecting = ConnectAsync(server, client, transport);
        await WebRtcTestFactory.EventuallyAsync(() => transport.GetStats().Drops.GetValueOrDefault(nameof(DropReason.AwaitingFingerprint)) > 0);
        Assert.Equal(WebRtcTransportState.New, transport.State); // checks were held back: ICE and DTLS have not begun

        transport.SetRemoteFingerprint(client.Certificate.Fingerprint); // the answer arrives
        await connecting;
        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Connected);
    }

    [Fact]
    public async Task A_late_fingerprint_of_another_certificate_fails_the_handshake()
    {
        await using var server = WebRtcTestFactory.StartServer();
        await using var client = new WebRtcClientConnection();
        var transport = server.CreateTransport(new WebRtcTransportSettings { RemoteUsernameFragment = client.LocalIce.UsernameFragment });
        transport.SetRemoteFingerprint(DtlsCertificate.Generate("someone else").Fingerprint);

        try
        {
            await ConnectAsync(server, client, transport);
        }
        catch (DtlsHandshakeException)
        {
            // bad_certificate reaches the client: expected.
        }

        await WebRtcTestFactory.EventuallyAsync(() => transport.State == WebRtcTransportState.Closed);
        Assert.Equal(TransportCloseReason.DtlsFailed, transport.CloseReason);
    }

    [Fact]
    public async Task The_fingerprint_cannot_be_replaced_once_set()
    {
        await using var server = WebRtcTestFactory.StartServer();
        var transport = server.CreateTransport(new WebRtcTransportSettings());
        var first = DtlsCertificate.Generate("first").Fingerprint;

        transport.SetRemoteFingerprint(first);
        transport.SetRemoteFingerprint(first);

        Assert.Throws<InvalidOperationException>(() => transport.SetRemoteFingerprint(DtlsCertificate.Generate("second").Fingerprint));
        transport.Close();
        Assert.Throws<InvalidOperationException>(() => transport.SetRemoteFingerprint(first));
    }

    private static Task ConnectAsync(WebRtcServer server, WebRtcClientConnection client, WebRtcTransport transport) =>
        client.ConnectAsync(
            [new IPEndPoint(IPAddress.Loopback, server.Port)],
            transport.LocalIce.UsernameFragment,
            transport.LocalIce.Password,
            transport.LocalFingerprint,
            timeout: TimeSpan.FromSeconds(5));
}
