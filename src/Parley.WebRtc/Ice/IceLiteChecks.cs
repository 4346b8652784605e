using System.Net;
using System.Text;
using Parley.Stun;

namespace Parley.WebRtc.Ice;

/// <summary>
/// The stateless half of an ICE-lite agent (RFC 8445 §2.5): pulls the local ufrag out of a Binding request
/// and writes the success response. Allocation-free.
/// </summary>
public static class IceLiteChecks
{
    /// <summary>Longest ufrag we accept (RFC 8839 caps ice-ufrag at 256 characters).</summary>
    public const int MaxUfragLength = 256;

    /// <summary>Room for a Binding success response: header, XOR-MAPPED-ADDRESS (IPv6), MESSAGE-INTEGRITY, FINGERPRINT.</summary>
    public const int MaxResponseLength = 20 + 24 + 24 + 8;

    // https://www.rfc-editor.org/rfc/rfc8445#section-7.2.2 — USERNAME of a check is "RFRAG:LFRAG" where RFRAG
    // is the receiving agent's (our) ufrag.
    /// <summary>
    /// Writes the receiver's (our) ufrag from the USERNAME attribute into <paramref name="destination"/> as chars;
    /// false when the request has no well-formed USERNAME.
    /// </summary>
    public static bool TryGetLocalUfrag(in StunMessage request, Span<char> destination, out int length)
    {
        length = 0;
        if (!request.TryGetUsername(out var username))
        {
            return false;
        }

        int colon = username.IndexOf((byte)':');
        if (colon <= 0 || colon > MaxUfragLength || colon > destination.Length)
        {
            return false;
        }

        var ufrag = username[..colon];
        foreach (byte b in ufrag)
        {
            if (b >= 0x80)
            {
                return false; // ice-chars are ASCII; anything else cannot match one of our ufrags
            }
        }

        length = Encoding.ASCII.GetChars(ufrag, destination);
        return true;
    }

    // https://www.rfc-editor.org/rfc/rfc8445#section-7.3.1.4 — success response: XOR-MAPPED-ADDRESS of the
    // request's source, MESSAGE-INTEGRITY with the local password, FINGERPRINT.
    /// <summary>Writes the Binding success response for <paramref name="request"/>; returns its length.</summary>
    public static int WriteSuccessResponse(in StunMessage request, SocketAddress source, StunMessageIntegrityKey localPassword, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(localPassword);
        var writer = new StunMessageWriter(destination, StunMethod.Binding, StunMessageClass.SuccessResponse, request.TransactionId);
        writer.AddXorMappedAddress(source);
        writer.AddMessageIntegrity(localPassword);
        writer.AddFingerprint();
        return writer.Length;
    }
}
