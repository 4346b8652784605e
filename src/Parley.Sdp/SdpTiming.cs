namespace Parley.Sdp;

/// <summary>
/// A <c>t=</c> line (NTP start/stop seconds, 0 = unbounded; WebRTC always uses <c>t=0 0</c>) with the raw
/// <c>r=</c> repeat lines that follow it.
/// </summary>
public sealed class SdpTiming
{
    public SdpTiming(ulong startTime = 0, ulong stopTime = 0)
    {
        StartTime = startTime;
        StopTime = stopTime;
    }

    public ulong StartTime { get; set; }

    public ulong StopTime { get; set; }

    /// <summary>The values of the <c>r=</c> lines after this <c>t=</c>, kept verbatim (WebRTC never uses them).</summary>
    public IList<string> Repeats { get; } = new List<string>();

    // https://www.rfc-editor.org/rfc/rfc8866#section-5.9
    internal static bool TryParse(string value, out SdpTiming? timing)
    {
        timing = null;
        var fields = SdpText.SplitFields(value);
        if (fields.Length != 2
            || !SdpText.TryParseULong(fields[0], out var start)
            || !SdpText.TryParseULong(fields[1], out var stop))
        {
            return false;
        }

        timing = new SdpTiming(start, stop);
        return true;
    }

    public override string ToString() => $"{SdpText.Format(StartTime)} {SdpText.Format(StopTime)}";
}
