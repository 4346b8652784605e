using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;
using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>What the BouncyCastle client and server peers share: cipher suites, credentials, fingerprint check, export.</summary>
internal static class DtlsSrtpPeerSupport
{
    /// <summary>ECDHE-ECDSA only: our certificate is ECDSA P-256 and browsers offer these first.</summary>
    public static readonly int[] CipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
    ];

    /// <summary>
    /// Signature algorithms we accept from the peer. ecdsa_secp256r1_sha256 must be present: current Chromium
    /// aborts a handshake whose CertificateRequest does not allow it.
    /// </summary>
    public static readonly IList<SignatureAndHashAlgorithm> AcceptedSignatureAlgorithms =
    [
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
        SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.rsa),
        SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha1, SignatureAlgorithm.ecdsa),
    ];

    public static TlsCredentialedSigner CreateSigner(TlsContext context, BcTlsCrypto crypto, DtlsCertificate certificate)
    {
        var chain = new Certificate([crypto.CreateCertificate(certificate.DerEncoded)]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            crypto,
            certificate.PrivateKey,
            chain,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>
    /// Checks the peer's end-entity certificate against the fingerprint from its SDP; throws a fatal
    /// bad_certificate alert on mismatch so the peer learns why (RFC 5763 §5).
    /// </summary>
    public static DtlsFingerprint VerifyPeerCertificate(Certificate? presented, DtlsFingerprint expected, string peerName)
    {
        if (presented is null || presented.IsEmpty)
        {
            throw new TlsFatalAlert(AlertDescription.handshake_failure, $"The {peerName} presented no certificate.");
        }

        var der = presented.GetCertificateAt(0).GetEncoded();
        if (!expected.Matches(der))
        {
            var actual = DtlsFingerprint.Compute(der, expected.Algorithm);
            throw new TlsFatalAlert(
                AlertDescription.bad_certificate,
                $"The {peerName}'s certificate fingerprint {actual} does not match the signaled {expected}.");
        }

        return DtlsFingerprint.Compute(der, expected.Algorithm);
    }

    public static byte[] ExportSrtpKeyingMaterial(TlsContext context, SrtpProfile profile) =>
        context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, UseSrtpProfileIds.KeyingMaterialLength(profile));
}
