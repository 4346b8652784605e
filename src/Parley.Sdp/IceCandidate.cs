using System.Text;

namespace Parley.Sdp;

/// <summary>
/// One ICE candidate, as carried in <c>a=candidate:</c> lines and in trickled <c>candidate:</c> strings.
/// <see cref="Extensions"/> keeps the name/value pairs after the grammar's fixed part
/// (<c>generation 0</c>, <c>ufrag …</c>, <c>network-id 1</c>, <c>tcptype passive</c>) in order.
/// </summary>
public sealed record IceCandidate(
    string Foundation,
    int Component,
    string Transport,
    uint Priority,
    string Address,
    int Port,
    string Type,
    string? RelatedAddress = null,
    int? RelatedPort = null,
    ValueList<KeyValuePair<string, string>>? Extensions = null)
{
    /// <summary>RTP component (with rtcp-mux the only one WebRTC uses).</summary>
    public const int RtpComponent = 1;

    /// <summary>RFC 8445 §5.1.2.2 recommended type preference for host candidates.</summary>
    public const int HostTypePreference = 126;

    /// <summary>RFC 8445 §5.1.2.1: priority = 2^24·type preference + 2^8·local preference + (256 − component).</summary>
    public static uint ComputePriority(int typePreference, int localPreference, int component = RtpComponent)
    {
        if (typePreference is < 0 or > 126 || localPreference is < 0 or > 65535 || component is < 1 or > 256)
        {
            throw new ArgumentOutOfRangeException(nameof(typePreference), "ICE priority inputs are out of range (RFC 8445 §5.1.2.1).");
        }

        return (uint)((typePreference << 24) + (localPreference << 8) + (256 - component));
    }

    /// <summary>A UDP host candidate for component 1 — what an ICE-lite server advertises.</summary>
    public static IceCandidate Host(string foundation, string address, int port, uint? priority = null, string transport = "udp")
    {
        if (!SdpText.IsField(foundation) || !SdpText.IsField(address) || !SdpText.IsField(transport))
        {
            throw new ArgumentException("Candidate foundation, address and transport must be non-empty and free of spaces.");
        }

        if (port is < 0 or > 65535)
        {
            throw new ArgumentOutOfRangeException(nameof(port), port, "Port must be 0..65535.");
        }

        return new IceCandidate(foundation, RtpComponent, transport, priority ?? ComputePriority(HostTypePreference, 65535), address, port, "host");
    }

    /// <summary>
    /// Parses an <c>a=candidate</c> value (<c>foundation component transport priority address port typ type …</c>),
    /// also accepting the <c>candidate:</c> prefix browsers use in trickled candidates. Never throws.
    /// </summary>
    // https://www.rfc-editor.org/rfc/rfc8839#section-5.1
    public static bool TryParse(string? value, out IceCandidate? candidate)
    {
        candidate = null;
        if (value is null)
        {
            return false;
        }

        var text = value.StartsWith("a=", StringComparison.Ordinal) ? value[2..] : value;
        if (text.StartsWith("candidate:", StringComparison.OrdinalIgnoreCase))
        {
            text = text["candidate:".Length..];
        }

        var fields = SdpText.SplitFields(text.TrimEnd('\r', '\n'));
        if (fields.Length < 8
            || fields[0].Length > 32
            || !SdpText.TryParseInt(fields[1], out var component) || component is < 1 or > 256
            || !SdpText.IsToken(fields[2])
            || !SdpText.TryParseUInt(fields[3], out var priority)
            || !SdpText.TryParsePort(fields[5], out var port)
            || fields[6] != "typ"
            || !SdpText.IsToken(fields[7]))
        {
            return false;
        }

        string? relatedAddress = null;
        int? relatedPort = null;
        var extensions = new List<KeyValuePair<string, string>>();
        var index = 8;
        if (index + 1 < fields.Length && fields[index] == "raddr")
        {
            relatedAddress = fields[index + 1];
            index += 2;
        }

        if (index + 1 < fields.Length && fields[index] == "rport")
        {
            if (!SdpText.TryParsePort(fields[index + 1], out var parsedRelatedPort))
            {
                return false;
            }

            relatedPort = parsedRelatedPort;
            index += 2;
        }

        // Extensions come in name/value pairs; an odd one out means the line is damaged.
        if ((fields.Length - index) % 2 != 0)
        {
            return false;
        }

        for (; index < fields.Length; index += 2)
        {
            extensions.Add(new KeyValuePair<string, string>(fields[index], fields[index + 1]));
        }

        candidate = new IceCandidate(
            fields[0], component, fields[2], priority, fields[4], port, fields[7], relatedAddress, relatedPort,
            extensions.Count == 0 ? null : new ValueList<KeyValuePair<string, string>>(extensions));
        return true;
    }

    /// <summary>The extension value for <paramref name="name"/> (e.g. "tcptype", "generation"), or null.</summary>
    public string? GetExtension(string name) =>
        Extensions?.FirstOrDefault(pair => pair.Key == name).Value;

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Candidate, ToString());

    /// <summary>The form browsers trickle: <c>candidate:…</c>.</summary>
    public string ToCandidateString() => "candidate:" + ToString();

    /// <summary>The <c>a=candidate</c> value, without the "candidate:" prefix.</summary>
    public override string ToString()
    {
        var builder = new StringBuilder();
        builder.Append(Foundation).Append(' ')
            .Append(SdpText.Format(Component)).Append(' ')
            .Append(Transport).Append(' ')
            .Append(SdpText.Format(Priority)).Append(' ')
            .Append(Address).Append(' ')
            .Append(SdpText.Format(Port)).Append(" typ ")
            .Append(Type);
        if (RelatedAddress is not null)
        {
            builder.Append(" raddr ").Append(RelatedAddress);
        }

        if (RelatedPort is { } relatedPort)
        {
            builder.Append(" rport ").Append(SdpText.Format(relatedPort));
        }

        if (Extensions is not null)
        {
            foreach (var (name, value) in Extensions)
            {
                builder.Append(' ').Append(name).Append(' ').Append(value);
            }
        }

        return builder.ToString();
    }
}
