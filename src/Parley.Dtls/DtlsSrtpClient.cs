using Org.BouncyCastle.Tls;

namespace Parley.Dtls;

/// <summary>
/// BouncyCastle client peer for DTLS 1.2 with <c>use_srtp</c> (RFC 5764): offers our SRTP profiles, presents our
/// certificate, and checks the server's against the fingerprint from the remote SDP. The negotiated outcome lands in
/// <paramref name="peer"/>.
/// </summary>
internal sealed class DtlsSrtpClient(DtlsSrtpPeerState peer) : DefaultTlsClient(peer.Crypto)
{
    public override int GetHandshakeTimeoutMillis() => peer.HandshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPeerSupport.CipherSuites;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([.. peer.SrtpProfiles], []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The server did not accept use_srtp.");

        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles.
        if (chosen.ProtectionProfiles.Length != 1 || !peer.SrtpProfiles.Contains(chosen.ProtectionProfiles[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose an SRTP profile we did not offer.");
        }

        peer.SelectedProfile = chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this, peer);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        peer.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        peer.Events.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        peer.Events.OnAlertReceived(alertLevel, alertDescription);

    private sealed class FingerprintAuthentication(DtlsSrtpClient client, DtlsSrtpPeerState peer) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            peer.VerifyPeerCertificate(serverCertificate.Certificate, "server");

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) => peer.CreateSigner(client.m_context);
    }
}
