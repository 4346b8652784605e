using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Parley.Dtls;

/// <summary>
/// BouncyCastle server peer for DTLS 1.2 with <c>use_srtp</c> (RFC 5764): requires a client certificate that matches
/// the fingerprint from the remote SDP, picks the first SRTP profile of OUR preference list that the client offered.
/// </summary>
internal sealed class DtlsSrtpServer : DefaultTlsServer
{
    private readonly BcTlsCrypto _crypto;
    private readonly DtlsCertificate _certificate;
    private readonly DtlsFingerprint _expectedClientFingerprint;
    private readonly IReadOnlyList<int> _profilePreference;
    private readonly int _handshakeTimeoutMillis;

    public DtlsSrtpServer(BcTlsCrypto crypto, DtlsCertificate certificate, DtlsFingerprint expectedClientFingerprint, IReadOnlyList<int> profilePreference, int handshakeTimeoutMillis)
        : base(crypto)
    {
        _crypto = crypto;
        _certificate = certificate;
        _expectedClientFingerprint = expectedClientFingerprint;
        _profilePreference = profilePreference;
        _handshakeTimeoutMillis = handshakeTimeoutMillis;
    }

    public int SelectedProfile { get; private set; }

    public byte[]? KeyingMaterial { get; private set; }

    public DtlsFingerprint? ClientFingerprint { get; private set; }

    public DtlsPeerEvents Events { get; } = new();

    /// <summary>The negotiated TLS cipher suite, valid after the handshake.</summary>
    public int SelectedCipherSuite() => m_context.SecurityParameters.CipherSuite;

    public override int GetHandshakeTimeoutMillis() => _handshakeTimeoutMillis;

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsSrtpPeerSupport.CipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() =>
        DtlsSrtpPeerSupport.CreateSigner(m_context, _crypto, _certificate);

    public override CertificateRequest GetCertificateRequest() => new(
        [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign],
        DtlsSrtpPeerSupport.AcceptedSignatureAlgorithms,
        null);

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        ClientFingerprint = DtlsSrtpPeerSupport.VerifyPeerCertificate(clientCertificate, _expectedClientFingerprint, "client");

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        var offered = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)
            ?? throw new TlsFatalAlert(AlertDescription.handshake_failure, "The client did not offer use_srtp.");

        foreach (var profile in _profilePreference)
        {
            if (Array.IndexOf(offered.ProtectionProfiles, profile) >= 0)
            {
                SelectedProfile = profile;
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
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([SelectedProfile], []));
        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        KeyingMaterial = DtlsSrtpPeerSupport.ExportSrtpKeyingMaterial(m_context, SelectedProfile);
    }

    public override void NotifyAlertRaised(short alertLevel, short alertDescription, string message, Exception cause) =>
        Events.OnAlertRaised(alertLevel, alertDescription, message);

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        Events.OnAlertReceived(alertLevel, alertDescription);
}
