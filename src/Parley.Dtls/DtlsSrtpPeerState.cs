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
    Func<DtlsFingerprint?> expectedPeerFingerprint,
    IReadOnlyList<int> srtpProfiles,
    int handshakeTimeoutMillis)
{
    private DtlsFingerprint? _peerFingerprint;

    // The peer's certificate when it arrived before the fingerprint it must match (a server-offered transport
    // learns the peer's fingerprint from the answer, which may come after the peer's Certificate message).
    private Certificate? _unverifiedPeerCertificate;
    private string _peerName = "peer";
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
    public void VerifyPeerCertificate(Certificate? presented, string peerName)
    {
        if (expectedPeerFingerprint() is { } expected)
        {
            _peerFingerprint = DtlsSrtpPeerSupport.VerifyPeerCertificate(presented, expected, peerName);
            return;
        }

        if (presented is null || presented.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, $"The {peerName} presented no certificate.");
        }

        _unverifiedPeerCertificate = presented;
        _peerName = peerName;
    }

    /// <summary>
    /// After the handshake: checks a certificate that arrived before its fingerprint against the fingerprint known
    /// now. A handshake that completes with no fingerprint set fails: an unauthenticated peer never gets keys.
    /// </summary>
    public void VerifyDeferredPeerCertificate()
    {
        if (_unverifiedPeerCertificate is not { } presented)
        {
            return;
        }

        var expected = expectedPeerFingerprint()
            ?? throw new DtlsHandshakeException($"The DTLS handshake completed before the {_peerName}'s fingerprint was known; the peer is not authenticated.");
        try
        {
            _peerFingerprint = DtlsSrtpPeerSupport.VerifyPeerCertificate(presented, expected, _peerName);
        }
        catch (TlsFatalAlert mismatch)
        {
            throw new DtlsHandshakeException(mismatch.Message, AlertDescription.bad_certificate, mismatch);
        }
    }

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
