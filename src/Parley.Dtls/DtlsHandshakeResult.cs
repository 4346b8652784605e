using Parley.Srtp;

namespace Parley.Dtls;

/// <summary>What a completed DTLS-SRTP handshake yields: the SRTP profile and keys, and who the peer is.</summary>
/// <param name="Role">Our role; decides which half of <paramref name="KeyingMaterial"/> is ours (RFC 5764 §4.2).</param>
/// <param name="SrtpProfile">The negotiated SRTP protection profile.</param>
/// <param name="KeyingMaterial">Exporter output for label <c>EXTRACTOR-dtls_srtp</c>, 2 * (key + salt) bytes.</param>
/// <param name="RemoteFingerprint">Fingerprint of the certificate the peer presented (already checked against the expected one).</param>
/// <param name="CipherSuite">Negotiated TLS cipher suite id.</param>
public sealed record DtlsHandshakeResult(
    DtlsRole Role,
    SrtpProfile SrtpProfile,
    byte[] KeyingMaterial,
    DtlsFingerprint RemoteFingerprint,
    int CipherSuite)
{
    /// <summary>True when we are the DTLS client (pass as <c>isClient</c> to <c>SrtpKeyingMaterial.Split</c>).</summary>
    public bool IsClient => Role == DtlsRole.Client;
}
