namespace Parley.Dtls.Tests;

/// <summary>
/// A server-offered transport learns the peer's fingerprint from the answer, which can arrive after the DTLS
/// handshake has started: the server endpoint is created without it and gets it through SetExpectedRemoteFingerprint.
/// </summary>
public sealed class DtlsLateFingerprintTests
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");

    [Fact]
    public async Task A_fingerprint_set_after_the_handshake_started_authenticates_the_peer()
    {
        var (clientLink, serverLink) = UdpLoopbackLink.CreatePair();
        using var clientLinkScope = clientLink;
        using var serverLinkScope = serverLink;
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, clientLink);
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, null, serverLink);
        clientLink.DeliverTo(client);
        serverLink.DeliverTo(server);

        var serverHandshake = server.HandshakeAsync();
        var clientHandshake = client.HandshakeAsync();
        server.SetExpectedRemoteFingerprint(ClientCertificate.Fingerprint);

        var result = await serverHandshake.WaitAsync(TimeSpan.FromSeconds(15));
        await clientHandshake.WaitAsync(TimeSpan.FromSeconds(15));
        Assert.Equal(ClientCertificate.Fingerprint, result.RemoteFingerprint);
    }

    [Fact]
    public async Task A_handshake_that_completes_without_a_fingerprint_fails()
    {
        var (clientLink, serverLink) = UdpLoopbackLink.CreatePair();
        using var clientLinkScope = clientLink;
        using var serverLinkScope = serverLink;
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, clientLink);
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, null, serverLink);
        clientLink.DeliverTo(client);
        serverLink.DeliverTo(server);

        var serverHandshake = server.HandshakeAsync();
        _ = client.HandshakeAsync();

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Contains("not authenticated", error.Message, StringComparison.Ordinal);
        Assert.Equal(DtlsEndpointState.Failed, server.State);
    }

    [Fact]
    public async Task A_late_fingerprint_of_another_certificate_fails_the_handshake()
    {
        var (clientLink, serverLink) = UdpLoopbackLink.CreatePair();
        using var clientLinkScope = clientLink;
        using var serverLinkScope = serverLink;
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, clientLink);
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, null, serverLink);
        clientLink.DeliverTo(client);
        serverLink.DeliverTo(server);

        var serverHandshake = server.HandshakeAsync();
        _ = client.HandshakeAsync();
        server.SetExpectedRemoteFingerprint(DtlsCertificate.Generate("someone else").Fingerprint);

        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverHandshake.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal((short)42, error.AlertDescription); // bad_certificate
    }

    [Fact]
    public void A_fingerprint_cannot_be_replaced_by_another()
    {
        var (link, other) = UdpLoopbackLink.CreatePair();
        using var _ = link;
        using var __ = other;
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, null, link);

        server.SetExpectedRemoteFingerprint(ClientCertificate.Fingerprint);
        server.SetExpectedRemoteFingerprint(ClientCertificate.Fingerprint);

        Assert.Throws<InvalidOperationException>(() => server.SetExpectedRemoteFingerprint(ServerCertificate.Fingerprint));
        Assert.Equal(ClientCertificate.Fingerprint, server.ExpectedRemoteFingerprint);
    }
}
