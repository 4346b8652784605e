namespace Parley.Sdp;

/// <summary>The <c>c=</c> line: <c>c=&lt;nettype&gt; &lt;addrtype&gt; &lt;connection-address&gt;</c> (the address may carry /ttl).</summary>
public sealed record SdpConnection(string NetworkType, string AddressType, string Address)
{
    /// <summary>The placeholder JSEP puts in an m= section before any candidate is known: <c>IN IP4 0.0.0.0</c>.</summary>
    public static SdpConnection Unspecified { get; } = new("IN", "IP4", "0.0.0.0");

    /// <summary>Builds <c>IN IP4</c> or <c>IN IP6</c> from the literal form of <paramref name="address"/>.</summary>
    public static SdpConnection ForAddress(string address) =>
        new("IN", address.Contains(':', StringComparison.Ordinal) ? "IP6" : "IP4", address);

    // https://www.rfc-editor.org/rfc/rfc8866#section-5.7
    internal static bool TryParse(string value, out SdpConnection? connection)
    {
        connection = null;
        var fields = SdpText.SplitFields(value);
        if (fields.Length != 3)
        {
            return false;
        }

        connection = new SdpConnection(fields[0], fields[1], fields[2]);
        return true;
    }

    public override string ToString() => $"{NetworkType} {AddressType} {Address}";
}
