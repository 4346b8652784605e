namespace Parley.Sdp;

/// <summary>
/// The <c>o=</c> line: <c>o=&lt;username&gt; &lt;sess-id&gt; &lt;sess-version&gt; &lt;nettype&gt; &lt;addrtype&gt; &lt;unicast-address&gt;</c>.
/// JSEP (RFC 8829 §5.2.1) uses "-" as the user name and bumps <see cref="SessionVersion"/> on every renegotiation.
/// </summary>
public sealed record SdpOrigin(
    string UserName,
    ulong SessionId,
    ulong SessionVersion,
    string NetworkType,
    string AddressType,
    string Address)
{
    /// <summary>The origin JSEP endpoints use: no user name, no meaningful address.</summary>
    public static SdpOrigin Create(ulong sessionId, ulong sessionVersion) =>
        new("-", sessionId, sessionVersion, "IN", "IP4", "127.0.0.1");

    // https://www.rfc-editor.org/rfc/rfc8866#section-5.2
    internal static bool TryParse(string value, out SdpOrigin? origin)
    {
        origin = null;
        var fields = SdpText.SplitFields(value);
        if (fields.Length != 6
            || !SdpText.TryParseULong(fields[1], out var sessionId)
            || !SdpText.TryParseULong(fields[2], out var sessionVersion))
        {
            return false;
        }

        origin = new SdpOrigin(fields[0], sessionId, sessionVersion, fields[3], fields[4], fields[5]);
        return true;
    }

    public override string ToString() =>
        $"{UserName} {SdpText.Format(SessionId)} {SdpText.Format(SessionVersion)} {NetworkType} {AddressType} {Address}";
}
