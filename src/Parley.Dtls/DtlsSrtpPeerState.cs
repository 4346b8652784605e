using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>
/// The role-independent half of a DTLS-SRTP handshake peer: what we present and expect, and what was negotiated.
/// BouncyCastle's client and server peers derive from different bases (<see cref="DefaultTlsClient"/>,
/// <see cref="DefaultTlsServer"/>), so <see cref="DtlsSrtpClient"/> and <see cref="DtlsSrtpServer"/> share it by
/// holding one instance rather than by inheritance. One instance per handshake.
/// </summary>
internal sealed class DtlsSrtpPeerState(
    BcTlsCrypto crypto,
    DtlsCertificate certificate,
    DtlsFingerprint expectedPeerFingerprint,
    IReadOnlyList<int> srtpProfiles,
    int handshakeTimeoutMillis)
{
    private DtlsFingerprint? _peerFingerprint;
    private byte[]? _keyingMaterial;
    private int _cipherSuite;
    private SrtpProfile _profile;

    public BcTlsCrypto Crypto => crypto;

    /// <summary>Client: the profiles it offers. Server: our preference order when picking from the client's offer.</summary>
    public IReadOnlyList<int> SrtpProfiles => srtpProfiles;

    public int HandshakeTimeoutMillis => handshakeTimeoutMillis;

    public DtlsPeerEvents Events { get; } = new();

    /// <summary>The negotiated <c>use_srtp</c> profile id; set while processing the extension.</summary>
    public int SelectedProfile { get; set; }

    public TlsCredentialedSigner CreateSigner(TlsContext context) => DtlsSrtpPeerSupport.CreateSigner(context, crypto, certificate);

    /// <summary>Checks the peer's certificate against the signaled fingerprint (throws a fatal alert on mismatch) and remembers it.</summary>
    /// <param name="peerName">"client" or "server", for the alert message.</param>
    public void VerifyPeerCertificate(Certificate? presented, string peerName) =>
        _peerFingerprint = DtlsSrtpPeerSupport.VerifyPeerCertificate(presented, expectedPeerFingerprint, peerName);

    /// <summary>Called from the peer's NotifyHandshakeComplete: records the cipher suite and exports the SRTP keys.</summary>
    public void OnHandshakeComplete(TlsContext context)
    {
        _cipherSuite = context.SecurityParameters.CipherSuite;
        if (!UseSrtpProfileIds.TryFromId(SelectedProfile, out var profile))
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, $"SRTP profile {SelectedProfile} is not supported.");
        }

        _profile = profile;
        _keyingMaterial = DtlsSrtpPeerSupport.ExportSrtpKeyingMaterial(context, profile);
    }

    /// <summary>The outcome, valid once the protocol's Connect/Accept has returned.</summary>
    public DtlsHandshakeResult ToResult(DtlsRole role) => new(role, _profile, _keyingMaterial!, _peerFingerprint!, _cipherSuite);
}
