using System.Collections.Concurrent;

namespace Parley.Dtls.Tests;

/// <summary>
/// Issue 10 point 3: the server answers a ClientHello without a cookie with one HelloVerifyRequest (RFC 6347 §4.2.1)
/// smaller than the ClientHello, never with its certificate flight, so a forged source gains no amplification.
/// </summary>
public sealed class DtlsCookieTests
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");

    [Fact]
    public async Task A_client_hello_without_a_cookie_gets_one_smaller_hello_verify_request_and_nothing_else()
    {
        var clientHello = await CaptureClientHelloAsync();
        var sent = new RecordingSender();
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, sent, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(3) });
        var handshake = server.HandshakeAsync();

        server.Deliver(clientHello); // as if from a forged source: whoever owns that address never answers
        await Task.Delay(TimeSpan.FromMilliseconds(1500)); // past BouncyCastle's first 1 s retransmission of a real flight

        var reply = Assert.Single(sent.Datagrams);
        Assert.Equal(22, reply[0]); // a handshake record ...
        Assert.Equal(3, reply[13]); // ... holding hello_verify_request
        Assert.True(reply.Length < clientHello.Length, $"{reply.Length} B answered to a {clientHello.Length} B ClientHello");
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake);
    }

    [Fact]
    public async Task A_client_that_echoes_the_cookie_completes_the_handshake()
    {
        var (clientLink, serverLink) = UdpLoopbackLink.CreatePair();
        using var _ = clientLink;
        using var __ = serverLink;
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, clientLink);
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, serverLink);
        clientLink.DeliverTo(client);
        serverLink.DeliverTo(server);

        var results = await Task.WhenAll(client.HandshakeAsync(), server.HandshakeAsync());

        Assert.Equal(results[0].KeyingMaterial, results[1].KeyingMaterial);
        Assert.Equal(DtlsEndpointState.Connected, server.State);
    }

    [Fact]
    public async Task A_client_hello_in_fragments_is_answered_once_it_is_whole()
    {
        // Chromium's ClientHello (with a post-quantum key share) is ~1.4 KB and comes in two records.
        var clientHello = await CaptureClientHelloAsync();
        var fragments = ClientHelloFragments.Split(clientHello, 3);
        var sent = new RecordingSender();
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, sent, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(2) });
        var handshake = server.HandshakeAsync();

        server.Deliver(fragments[0]);
        server.Deliver(fragments[2]);
        await Task.Delay(200);
        Assert.Empty(sent.Datagrams);
        server.Deliver(fragments[1]);

        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(5);
        while (sent.Datagrams.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        var reply = Assert.Single(sent.Datagrams);
        Assert.Equal(3, reply[13]); // hello_verify_request
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake);
    }

    /// <summary>A real ClientHello: the first datagram our DTLS client sends.</summary>
    internal static async Task<byte[]> CaptureClientHelloAsync()
    {
        var sent = new RecordingSender();
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, sent, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });
        var handshake = client.HandshakeAsync();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (sent.Datagrams.IsEmpty && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        await Assert.ThrowsAsync<DtlsHandshakeException>(() => handshake);
        var first = sent.Datagrams.First();
        Assert.Equal(1, first[13]); // client_hello
        return first;
    }

    private sealed class RecordingSender : IDatagramSender
    {
        public ConcurrentQueue<byte[]> Datagrams { get; } = new();

        public void Send(ReadOnlySpan<byte> datagram) => Datagrams.Enqueue(datagram.ToArray());
    }
}
