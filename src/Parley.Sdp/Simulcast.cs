namespace Parley.Sdp;

/// <summary>
/// <c>a=simulcast:[send &lt;list&gt;] [recv &lt;list&gt;]</c>. Each list is the simulcast streams in order, separated
/// by ';'; each stream is one or more alternative rids separated by ','; a '~' marks a paused one.
/// Example: <c>send h;m;~l</c> → Send = [[h], [m], [~l]].
/// </summary>
public sealed record Simulcast(
    ValueList<ValueList<SimulcastStream>> Send,
    ValueList<ValueList<SimulcastStream>> Recv)
{
    /// <summary>A single-direction list with one rid per stream, e.g. <c>Create(recv: ["h", "m", "l"])</c>.</summary>
    public static Simulcast Create(IEnumerable<string>? send = null, IEnumerable<string>? recv = null) =>
        new(ToStreams(send), ToStreams(recv));

    // https://www.rfc-editor.org/rfc/rfc8853#section-5.1
    public static bool TryParse(string? value, out Simulcast? simulcast)
    {
        simulcast = null;
        if (value is null)
        {
            return false;
        }

        var fields = SdpText.SplitFields(value);
        ValueList<ValueList<SimulcastStream>>? send = null;
        ValueList<ValueList<SimulcastStream>>? recv = null;
        if (fields.Length is not 2 and not 4)
        {
            return false;
        }

        for (var i = 0; i < fields.Length; i += 2)
        {
            if (!TryParseList(fields[i + 1], out var list))
            {
                return false;
            }

            switch (fields[i])
            {
                case "send" when send is null:
                    send = list;
                    break;
                case "recv" when recv is null:
                    recv = list;
                    break;
                default:
                    return false;
            }
        }

        simulcast = new Simulcast(send ?? new ValueList<ValueList<SimulcastStream>>([]), recv ?? new ValueList<ValueList<SimulcastStream>>([]));
        return true;
    }

    /// <summary>The same description seen from the peer: what it sends, we receive.</summary>
    public Simulcast Reverse() => new(Recv, Send);

    /// <summary>Every rid named in the send list (all alternatives), in order.</summary>
    public IEnumerable<string> SendRids => Send.SelectMany(stream => stream).Select(s => s.Rid);

    /// <summary>Every rid named in the recv list (all alternatives), in order.</summary>
    public IEnumerable<string> RecvRids => Recv.SelectMany(stream => stream).Select(s => s.Rid);

    public SdpAttribute ToAttribute() => new(SdpAttributeNames.Simulcast, ToString());

    public override string ToString()
    {
        var parts = new List<string>(4);
        if (Send.Count > 0)
        {
            parts.Add("send");
            parts.Add(FormatList(Send));
        }

        if (Recv.Count > 0)
        {
            parts.Add("recv");
            parts.Add(FormatList(Recv));
        }

        return string.Join(' ', parts);
    }

    private static bool TryParseList(string text, out ValueList<ValueList<SimulcastStream>> list)
    {
        list = new ValueList<ValueList<SimulcastStream>>([]);
        // Firefox before version 67 wrote "rid=a;b"; accept that draft prefix.
        if (text.StartsWith("rid=", StringComparison.Ordinal))
        {
            text = text[4..];
        }

        var streams = new List<ValueList<SimulcastStream>>();
        foreach (var streamText in text.Split(';'))
        {
            var alternatives = new List<SimulcastStream>();
            foreach (var alternative in streamText.Split(','))
            {
                var paused = alternative.StartsWith('~');
                var rid = paused ? alternative[1..] : alternative;
                if (!Rid.IsValidId(rid))
                {
                    return false;
                }

                alternatives.Add(new SimulcastStream(rid, paused));
            }

            streams.Add(new ValueList<SimulcastStream>(alternatives));
        }

        list = new ValueList<ValueList<SimulcastStream>>(streams);
        return true;
    }

    private static string FormatList(ValueList<ValueList<SimulcastStream>> list) =>
        string.Join(';', list.Select(stream => string.Join(',', stream)));

    private static ValueList<ValueList<SimulcastStream>> ToStreams(IEnumerable<string>? rids) =>
        rids is null
            ? new ValueList<ValueList<SimulcastStream>>([])
            : new ValueList<ValueList<SimulcastStream>>(rids.Select(rid => new ValueList<SimulcastStream>([new SimulcastStream(rid)])));
}
