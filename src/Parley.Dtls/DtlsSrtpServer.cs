using Org.BouncyCastle.Tls;

namespace Parley.Dtls;

/// <summary>
/// BouncyCastle server peer for DTLS 1.2 with <c>use_srtp</c> (RFC 5764): requires a client certificate that matches
/// the fingerprint from the remote SDP, picks the first SRTP profile of OUR preference list that the client offered.
/// The negotiated outcome lands in <paramref name="peer"/>.
/// </summary>
internal sealed class DtlsSrtpServer(DtlsSrtpPeerState peer) : DefaultTlsServer(peer.Crypto)
{
    public override int GetHandshakeTimeoutMillis() => peer.HandshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPeerSupport.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => peer.CreateSigner(m_context);

    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        DtlsSrtpPeerSupport.AcceptedSignatureAlgorithms,
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        peer.VerifyPeerCertificate(clientCertificate, "client");

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client did not offer use_srtp.");

        foreach (var profile in peer.SrtpProfiles)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, profile) >= 0)
            {
                peer.SelectedProfile = profile;
                return;
            }
        }

        throw new TlsFatalAlert(
            AlertDescription.handshake_failure,
            $"No common SRTP profile: client offered [{string.Join(", ", offered.ProtectionProfiles)}].");
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        var extensions = base.GetServerExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([peer.SelectedProfile], []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        peer.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        peer.Events.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        peer.Events.OnAlertReceived(alertLevel, alertDescription);
}
