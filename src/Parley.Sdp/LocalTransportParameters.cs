using Parley.Dtls;
namespace Parley.Sdp;

/// <summary>
/// What the server announces about its own ICE/DTLS endpoint in every description it writes (offer or answer).
/// An ICE-lite server lists its host candidates here and never trickles (RFC 8445 §2.5).
/// </summary>
public sealed class LocalTransportParameters
{
    public LocalTransportParameters(string iceUfrag, string icePwd, DtlsFingerprint fingerprint)
    {
        // RFC 8839 §5.4: ufrag 4–256 ice-chars, pwd 22–256 ice-chars.
        if (iceUfrag is null || iceUfrag.Length is < 4 or > 256 || !IsIceChars(iceUfrag))
        {
            throw new ArgumentException("ice-ufrag must be 4–256 characters of [A-Za-z0-9+/] (RFC 8839 §5.4).", nameof(iceUfrag));
        }

        if (icePwd is null || icePwd.Length is < 22 or > 256 || !IsIceChars(icePwd))
        {
            throw new ArgumentException("ice-pwd must be 22–256 characters of [A-Za-z0-9+/] (RFC 8839 §5.4).", nameof(icePwd));
        }

        ArgumentNullException.ThrowIfNull(fingerprint);
        IceUfrag = iceUfrag;
        IcePwd = icePwd;
        Fingerprint = fingerprint;
    }

    public string IceUfrag { get; }

    public string IcePwd { get; }

    public DtlsFingerprint Fingerprint { get; }

    /// <summary>Host candidates, in preference order. The first one also fills the m= port and c= address.</summary>
    public IList<IceCandidate> Candidates { get; } = new List<IceCandidate>();

    /// <summary>Writes <c>a=ice-lite</c> (the server only answers checks). Default true.</summary>
    public bool IceLite { get; set; } = true;

    /// <summary>Tokens for <c>a=ice-options</c> (e.g. "ice2"); none by default.</summary>
    public IList<string> IceOptions { get; } = new List<string>();

    private static bool IsIceChars(string text) =>
        text.All(c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/');
}
