namespace Parley.Dtls;

/// <summary>Our DTLS role, from SDP <c>a=setup</c> (RFC 5763 §5): <c>active</c> = client, <c>passive</c> = server.</summary>
public enum DtlsRole
{
    /// <summary>We send the ClientHello.</summary>
    Client,

    /// <summary>We wait for the ClientHello.</summary>
    Server,
}
