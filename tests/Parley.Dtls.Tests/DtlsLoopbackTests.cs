using Parley.Srtp;

namespace Parley.Dtls.Tests;

/// <summary>Our DTLS client against our DTLS server over real UDP sockets on loopback.</summary>
public sealed class DtlsLoopbackTests
{
    private static readonly DtlsCertificate ClientCertificate = DtlsCertificate.Generate("client");
    private static readonly DtlsCertificate ServerCertificate = DtlsCertificate.Generate("server");

    public static TheoryData<SrtpProfile> Profiles => new()
    {
        SrtpProfile.AeadAes128Gcm,
        SrtpProfile.AeadAes256Gcm,
        SrtpProfile.AesCm128HmacSha1_80,
        SrtpProfile.AesCm128HmacSha1_32,
    };

    [Theory]
    [MemberData(nameof(Profiles))]
    public async Task Each_srtp_profile_negotiates_and_protects_media_both_ways(SrtpProfile profile)
    {
        var serverPreference = new List<SrtpProfile> { profile };
        serverPreference.AddRange(SrtpProfileNames.DefaultOrder.Where(other => other != profile));
        await using var pair = Pair.Create(new DtlsOptions { SrtpProfiles = serverPreference }, new DtlsOptions());

        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(profile, client.SrtpProfile);
        Assert.Equal(profile, server.SrtpProfile);
        Assert.Equal(UseSrtpProfileIds.KeyingMaterialLength(profile), client.KeyingMaterial.Length);
        Assert.Equal(client.KeyingMaterial, server.KeyingMaterial);
        Assert.Equal(ServerCertificate.Fingerprint, client.RemoteFingerprint);
        Assert.Equal(ClientCertificate.Fingerprint, server.RemoteFingerprint);

        using var clientSrtp = SrtpSession.FromKeyingMaterial((SrtpProfile)profile, client.KeyingMaterial, client.IsClient);
        using var serverSrtp = SrtpSession.FromKeyingMaterial((SrtpProfile)profile, server.KeyingMaterial, server.IsClient);
        AssertMediaFlows(clientSrtp, serverSrtp);
        AssertMediaFlows(serverSrtp, clientSrtp);
    }

    [Fact]
    public async Task The_server_picks_the_first_profile_of_its_own_preference_that_the_client_offered()
    {
        var clientOffer = new DtlsOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80, SrtpProfile.AeadAes128Gcm] };
        var serverPreference = new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes256Gcm, SrtpProfile.AeadAes128Gcm, SrtpProfile.AesCm128HmacSha1_80] };
        await using var pair = Pair.Create(serverPreference, clientOffer);

        var (client, server) = await pair.HandshakeAsync();

        Assert.Equal(SrtpProfile.AeadAes128Gcm, server.SrtpProfile);
        Assert.Equal(SrtpProfile.AeadAes128Gcm, client.SrtpProfile);
    }

    [Fact]
    public async Task Flights_stay_within_the_configured_datagram_size()
    {
        await using var pair = Pair.Create(new DtlsOptions(), new DtlsOptions());

        await pair.HandshakeAsync();

        Assert.InRange(pair.ClientLink.LargestDatagramSent, 1, 1200);
        Assert.InRange(pair.ServerLink.LargestDatagramSent, 1, 1200);
    }

    [Fact]
    public async Task A_client_certificate_that_does_not_match_the_signaled_fingerprint_fails_the_handshake()
    {
        var impostor = DtlsCertificate.Generate("impostor");
        await using var pair = Pair.Create(new DtlsOptions(), new DtlsOptions(), clientCertificate: impostor);

        var clientTask = pair.Client.HandshakeAsync();
        var serverTask = pair.Server.HandshakeAsync();

        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask);
        Assert.Equal((short)42, serverError.AlertDescription); // bad_certificate
        Assert.Contains("does not match", serverError.Message, StringComparison.Ordinal);
        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientTask);
        Assert.Equal((short)42, clientError.AlertDescription);
        Assert.Equal(DtlsEndpointState.Failed, pair.Server.State);
    }

    [Fact]
    public async Task A_server_certificate_that_does_not_match_the_signaled_fingerprint_fails_the_handshake()
    {
        var impostor = DtlsCertificate.Generate("impostor");
        await using var pair = Pair.Create(new DtlsOptions(), new DtlsOptions(), serverCertificate: impostor);

        var clientTask = pair.Client.HandshakeAsync();
        var serverTask = pair.Server.HandshakeAsync();

        var clientError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientTask);
        Assert.Equal((short)42, clientError.AlertDescription);
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => serverTask);
    }

    [Fact]
    public async Task No_common_srtp_profile_fails_the_handshake()
    {
        await using var pair = Pair.Create(
            new DtlsOptions { SrtpProfiles = [SrtpProfile.AeadAes256Gcm] },
            new DtlsOptions { SrtpProfiles = [SrtpProfile.AesCm128HmacSha1_80] });

        var clientTask = pair.Client.HandshakeAsync();
        var serverError = await Assert.ThrowsAsync<DtlsHandshakeException>(() => pair.Server.HandshakeAsync());

        Assert.Equal((short)40, serverError.AlertDescription); // handshake_failure
        await Assert.ThrowsAsync<DtlsHandshakeException>(() => clientTask);
    }

    [Fact]
    public async Task A_handshake_with_a_silent_peer_times_out()
    {
        var (link, silent) = UdpLoopbackLink.CreatePair();
        using var _ = link;
        using var __ = silent;
        using var client = new DtlsSrtpEndpoint(DtlsRole.Client, ClientCertificate, ServerCertificate.Fingerprint, link, new DtlsOptions { HandshakeTimeout = TimeSpan.FromSeconds(1) });

        var started = DateTime.UtcNow;
        var error = await Assert.ThrowsAsync<DtlsHandshakeException>(() => client.HandshakeAsync());

        Assert.Null(error.AlertDescription);
        Assert.InRange(DateTime.UtcNow - started, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(5));
        Assert.True(silent.LocalEndPoint.Port > 0);
    }

    [Fact]
    public async Task Cancelling_the_handshake_throws_operation_canceled()
    {
        var (link, silent) = UdpLoopbackLink.CreatePair();
        using var _ = link;
        using var __ = silent;
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, link);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => server.HandshakeAsync(cancellation.Token));
        Assert.Equal(DtlsEndpointState.Failed, server.State);
    }

    [Fact]
    public async Task A_close_notify_after_the_handshake_is_handled_gracefully()
    {
        await using var pair = Pair.Create(new DtlsOptions(), new DtlsOptions());
        await pair.HandshakeAsync();
        var closed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        pair.Server.PeerClosed += (_, _) => closed.TrySetResult();

        pair.Client.Dispose();

        await closed.Task.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(DtlsEndpointState.Closed, pair.Server.State);
        Assert.Equal(DtlsEndpointState.Closed, pair.Client.State);
    }

    [Fact]
    public void Garbage_delivered_before_the_handshake_does_not_throw()
    {
        var (link, other) = UdpLoopbackLink.CreatePair();
        using var _ = link;
        using var __ = other;
        using var server = new DtlsSrtpEndpoint(DtlsRole.Server, ServerCertificate, ClientCertificate.Fingerprint, link, new DtlsOptions { ReceiveQueueCapacity = 4 });
        var random = new Random(5);
        for (var i = 0; i < 10; i++)
        {
            var datagram = new byte[random.Next(0, 3000)];
            random.NextBytes(datagram);
            server.Deliver(datagram);
        }

        Assert.True(server.DroppedDatagrams >= 6);
    }

    private static void AssertMediaFlows(SrtpSession sender, SrtpSession receiver)
    {
        var packet = new byte[12 + 200 + 16];
        packet[0] = 0x80;
        packet[1] = 96;
        packet[11] = 0x42;
        for (var i = 12; i < 212; i++)
        {
            packet[i] = (byte)i;
        }

        var plain = packet[..212];
        Assert.True(sender.TryProtectRtp(packet, 212, out var length));
        Assert.True(receiver.TryUnprotectRtp(packet.AsSpan(0, length), out var plainLength));
        Assert.Equal(plain, packet[..plainLength]);
    }

    /// <summary>A client and a server endpoint wired together over UDP loopback.</summary>
    private sealed class Pair : IAsyncDisposable
    {
        private Pair(UdpLoopbackLink clientLink, UdpLoopbackLink serverLink, DtlsSrtpEndpoint client, DtlsSrtpEndpoint server)
        {
            ClientLink = clientLink;
            ServerLink = serverLink;
            Client = client;
            Server = server;
        }

        public UdpLoopbackLink ClientLink { get; }

        public UdpLoopbackLink ServerLink { get; }

        public DtlsSrtpEndpoint Client { get; }

        public DtlsSrtpEndpoint Server { get; }

        public static Pair Create(DtlsOptions serverOptions, DtlsOptions clientOptions, DtlsCertificate? clientCertificate = null, DtlsCertificate? serverCertificate = null)
        {
            var (clientLink, serverLink) = UdpLoopbackLink.CreatePair();
            var client = new DtlsSrtpEndpoint(DtlsRole.Client, clientCertificate ?? ClientCertificate, ServerCertificate.Fingerprint, clientLink, clientOptions);
            var server = new DtlsSrtpEndpoint(DtlsRole.Server, serverCertificate ?? ServerCertificate, ClientCertificate.Fingerprint, serverLink, serverOptions);
            clientLink.DeliverTo(client);
            serverLink.DeliverTo(server);
            return new Pair(clientLink, serverLink, client, server);
        }

        public async Task<(DtlsHandshakeResult Client, DtlsHandshakeResult Server)> HandshakeAsync()
        {
            var server = Server.HandshakeAsync();
            var client = Client.HandshakeAsync();
            return (await client.WaitAsync(TimeSpan.FromSeconds(15)), await server.WaitAsync(TimeSpan.FromSeconds(15)));
        }

        public ValueTask DisposeAsync()
        {
            Client.Dispose();
            Server.Dispose();
            ClientLink.Dispose();
            ServerLink.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
