using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Parley.Dtls;

/// <summary>
/// BouncyCastle client peer for DTLS 1.2 with <c>use_srtp</c> (RFC 5764): offers our SRTP profiles, presents our
/// certificate, and checks the server's against the fingerprint from the remote SDP.
/// </summary>
internal sealed class DtlsSrtpClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedServerFingerprint;
    private readonly IReadOnlyList<int> _offeredProfiles;
    private readonly int _handshakeTimeoutMillis;

    public DtlsSrtpClient(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expectedServerFingerprint, IReadOnlyList<int> offeredProfiles, int handshakeTimeoutMillis)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _expectedServerFingerprint = expectedServerFingerprint;
        _offeredProfiles = offeredProfiles;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    public int SelectedProfile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public DtlsFingerprint? ServerFingerprint { get; private set; }

    public DtlsPeerEvents Events { get; } = new();

    /// <summary>The negotiated TLS cipher suite, valid after the handshake.</summary>
    public int SelectedCipherSuite() => m_context.SecurityParameters.CipherSuite;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPeerSupport.CipherSuites;

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        var extensions = base.GetClientExtensions();
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([.. _offeredProfiles], []));
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        var chosen = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The server did not accept use_srtp.");

        // RFC 5764 §4.1.1: the server answers with exactly one of the offered profiles.
        if (chosen.ProtectionProfiles.Length != 1 || !_offeredProfiles.Contains(chosen.ProtectionProfiles[0]))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "The server chose an SRTP profile we did not offer.");
        }

        SelectedProfile = chosen.ProtectionProfiles[0];
    }

    public override TlsAuthentication GetAuthentication() => new FingerprintAuthentication(this);

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = DtlsSrtpPeerSupport.ExportSrtpKeyingMaterial(m_context, SelectedProfile);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        Events.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        Events.OnAlertReceived(alertLevel, alertDescription);

    private sealed class FingerprintAuthentication(DtlsSrtpClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            client.ServerFingerprint = DtlsSrtpPeerSupport.VerifyPeerCertificate(serverCertificate.Certificate, client._expectedServerFingerprint, "server");

        public TlsCredentials GetClientCredentials(CertificateRequest certificateRequest) =>
            DtlsSrtpPeerSupport.CreateSigner(client.m_context, client._crypto, client._certificate);
    }
}
