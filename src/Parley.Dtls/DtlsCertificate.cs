using Org.BouncyCastle.Asn1.Sec;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Crypto.Generators;
using Org.BouncyCastle.Crypto.Operators;
using Org.BouncyCastle.Crypto.Parameters;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;

namespace Parley.Dtls;

/// <summary>
/// A self-signed ECDSA P-256 certificate and its private key, as WebRTC endpoints use for DTLS-SRTP: nobody checks
/// the chain, the peer checks the certificate's hash against the fingerprint signaled in SDP (RFC 8827 §6.5).
/// Generate one per process (or per peer connection) and publish <see cref="Fingerprint"/> in the SDP.
/// </summary>
public sealed class DtlsCertificate
{
    private DtlsCertificate(X509Certificate certificate, AsymmetricKeyParameter privateKey)
    {
        Certificate = certificate;
        PrivateKey = privateKey;
        DerEncoded = certificate.GetEncoded();
        Fingerprint = DtlsFingerprint.Compute(DerEncoded);
    }

    /// <summary>The BouncyCastle certificate.</summary>
    public X509Certificate Certificate { get; }

    /// <summary>The ECDSA private key (BouncyCastle form).</summary>
    public AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>DER encoding, what goes into the DTLS Certificate message.</summary>
    public byte[] DerEncoded { get; }

    /// <summary>SHA-256 fingerprint; <c>Fingerprint.ToString()</c> is the SDP attribute value.</summary>
    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Generates a fresh key pair and a self-signed certificate valid from yesterday for <paramref name="validity"/>.</summary>
    public static DtlsCertificate Generate(string commonName = "parley", TimeSpan? validity = null)
    {
        var random = new SecureRandom();
        var keyGenerator = new ECKeyPairGenerator();
        keyGenerator.Init(new ECKeyGenerationParameters(SecObjectIdentifiers.SecP256r1, random));
        var keyPair = keyGenerator.GenerateKeyPair();

        var name = new X509Name($"CN={commonName}");
        var now = DateTime.UtcNow;
        var generator = new X509V3CertificateGenerator();
        generator.SetSerialNumber(new BigInteger(64, random).Add(BigInteger.One));
        generator.SetIssuerDN(name);
        generator.SetSubjectDN(name);
        // Backdated a day so peers with a slightly wrong clock still accept it.
        generator.SetNotBefore(now.AddDays(-1));
        generator.SetNotAfter(now + (validity ?? TimeSpan.FromDays(30)));
        generator.SetPublicKey(keyPair.Public);
        var certificate = generator.Generate(new Asn1SignatureFactory("SHA256WITHECDSA", keyPair.Private, random));
        return new DtlsCertificate(certificate, keyPair.Private);
    }
}
